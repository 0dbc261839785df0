"""The parse machinery the spaCy components share: parse tables, token patterns, segments and modifiers,
trigger and date lexicons, argument finders, merging of attack mentions, linking of claims and
attributions to attacks, speakers and descriptions.

The factories in ``sahel_ie.components`` import these modules; nothing here imports a component, so a
rule can be read, tested and reused without building a pipeline.
"""

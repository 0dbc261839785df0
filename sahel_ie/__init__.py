"""Rule-based information extraction for Sahel conflict news."""

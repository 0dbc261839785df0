"""Reading article files and writing batch outputs."""

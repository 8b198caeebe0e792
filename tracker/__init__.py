"""Policy-recommendation tracker: find, tag and store the recommendations of research documents."""

"""People: the names an article mentions, and one canonical person per name across an archive.

``extract`` finds the people named in an article's text (rules, ``lexicon``
name lists, in-article ``coref``erence); ``names`` holds what makes two
spellings one person; ``directory`` merges the spellings an archive holds into
canonical people. Nothing here knows about indexes or search engines.
"""

"""Video lessons: uploads checked with PyAV, posters, phone renditions.

models.VideoFile is imported by cms/models.py so that Django finds it.
"""

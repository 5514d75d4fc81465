"""The exercise book and the instructor guide: generated pages, image list, conventions, lab archives."""

FROM a
CMD ["ÿþ", "\ud800"]
LABEL x=Ã

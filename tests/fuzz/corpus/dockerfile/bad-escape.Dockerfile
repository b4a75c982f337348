# escape=xx
FROM a

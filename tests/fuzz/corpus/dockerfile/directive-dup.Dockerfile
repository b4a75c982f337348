# escape=`
# escape=\
# syntax=x
FROM a

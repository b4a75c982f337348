# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
RUN Invoke-WebRequest -Uri https://example.com/x.zip -OutFile x.zip ; `
    Expand-Archive x.zip -DestinationPath C:\app ; `
    Remove-Item x.zip
COPY . C:\app
CMD ["C:\\app\\app.exe"]

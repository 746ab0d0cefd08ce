# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN New-Item -ItemType Directory C:\app ; `
    Write-Host 'created'
COPY app\ C:\app\
WORKDIR C:\app
ENTRYPOINT ["C:\\app\\app.exe"]

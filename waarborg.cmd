@echo off
rem Waarborg launcher for Windows: the same commands, options and exit codes as ./waarborg.
rem `waarborg.cmd serve [--demo]` starts the server; every other command is a client of the running server's REST API.
rem In the sources it builds the application first when needed; in a release (lib\waarborg.jar beside this script) it
rem runs what is there.
setlocal EnableExtensions
set "ROOT=%~dp0"
if "%ROOT:~-1%"=="\" set "ROOT=%ROOT:~0,-1%"
rem The data folder (database, keyring, CLI token) goes under the user's own profile, which only they can read.
if not defined WAARBORG_DATA_DIR set "WAARBORG_DATA_DIR=%LOCALAPPDATA%\Waarborg\data"

if exist "%ROOT%\lib\waarborg.jar" if not exist "%ROOT%\pom.xml" goto release
set "JAR=%ROOT%\target\waarborg.jar"
if exist "%JAR%" goto run
echo waarborg: building the application (the first build downloads dependencies and takes a few minutes) 1>&2
pushd "%ROOT%"
call mvnw.cmd -B -q -DskipTests -Dspotless.check.skip=true -Dmdep.skip=true -Dlicense.skipAddThirdParty=true -Dassembly.skipAssembly=true package 1>&2
set "BUILD=%ERRORLEVEL%"
popd
if not "%BUILD%"=="0" exit /b %BUILD%
goto run

:release
rem A release: every platform's PostgreSQL is in lib\postgres; the application picks this machine's.
set "JAR=%ROOT%\lib\waarborg.jar"
if not defined WAARBORG_DATABASE_BINARIES if exist "%ROOT%\lib\postgres" set "WAARBORG_DATABASE_BINARIES=%ROOT%\lib\postgres"

:run
where java >nul 2>nul
if errorlevel 1 (
  echo waarborg: Java 17 or later is needed; install it from https://adoptium.net 1>&2
  exit /b 1
)
rem No parentheses around the java calls: inside a block %ERRORLEVEL% would be read before java ran.
if not "%~1"=="serve" goto client
java %WAARBORG_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:client
rem The client is short-lived: skip the optimising compiler for a faster start.
java -XX:TieredStopAtLevel=1 -Xshare:auto -jar "%JAR%" %*
exit /b %ERRORLEVEL%

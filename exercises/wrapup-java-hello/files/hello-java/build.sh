#!/bin/sh
# Build build/hello.jar with the plain JDK tools: no Maven, no Gradle, no downloads.
# Needs a JDK 17 or newer (javac and jar on the PATH).
set -eu
cd "$(dirname "$0")"
rm -rf build
javac -d build/classes src/hello/HelloServer.java
jar --create --file build/hello.jar --main-class hello.HelloServer -C build/classes .
echo "built build/hello.jar -- run it with: java -jar build/hello.jar"

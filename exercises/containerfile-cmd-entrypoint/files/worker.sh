#!/bin/sh
# A tiny worker: finishes a "job" every second until it is told to stop.
# On SIGTERM (what "docker container stop" sends) it shuts down cleanly.

trap 'echo "worker: got SIGTERM, shutting down cleanly"; exit 0' TERM

echo "worker: started as PID $$"
job=0
while true; do
    job=$((job + 1))
    echo "worker: job $job done"
    sleep 1
done

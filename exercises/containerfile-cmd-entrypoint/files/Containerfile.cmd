# pinger:cmd - CMD sets the default command of the image.
FROM alpine:3.24

# What a container runs unless you name another command after the image.
CMD ["ping", "-c", "3", "127.0.0.1"]

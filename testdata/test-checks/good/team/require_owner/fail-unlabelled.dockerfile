# expect: 2
FROM alpine:3.20

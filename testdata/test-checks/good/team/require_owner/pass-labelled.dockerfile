FROM alpine:3.20
LABEL example.com/team=shop

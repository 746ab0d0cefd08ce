FROM centos:7
MAINTAINER John Smith <john@example.com>
ENV JAVA_HOME /usr/lib/jvm/java
ENV PATH $JAVA_HOME/bin:$PATH
LABEL vendor ACME Incorporated
LABEL "com.example.release-date"="2015-02-12" version="1.0" \
      description="This text illustrates \
that label-values can span multiple lines."
VOLUME ["/var/log", "/data"]
VOLUME /tmp/cache

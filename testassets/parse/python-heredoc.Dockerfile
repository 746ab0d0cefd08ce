# syntax=docker/dockerfile:1.7
FROM python:3.12-slim
RUN <<EOF
set -eux
pip install --no-cache-dir flask gunicorn
useradd --create-home app
EOF
COPY <<-"EOT" /app/app.py
	from flask import Flask
	app = Flask(__name__)
	@app.route("/")
	def hello():
	    return "hello $USER"
	EOT
WORKDIR /app
USER app
CMD gunicorn -b 0.0.0.0:8000 app:app

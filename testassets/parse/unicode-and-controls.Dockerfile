FROM alpine
LABEL description="Ünïcödé ✓ and emoji 🚀"
RUN ["printf", "bell\u0007 esc\u001b nul-free\ttab"]
ENV GREETING="héllo wörld"

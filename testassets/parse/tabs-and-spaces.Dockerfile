	FROM	alpine
  RUN   echo   spaced    out   
	ENV	A=1	B=2
	LABEL	a	tabbed value
	EXPOSE	80	81

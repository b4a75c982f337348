define X
	docker run --privileged x
endef
A = $(B)
B = $(A)
D = docker
t: ; docker run y
	@-+$(D) run $(A) $$X $(UNKNOWN) \
		-p 22:22 \

	\

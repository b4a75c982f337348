# pip install keeping its cache, through pip3 and python -m pip.
# expect: DF054:6
# expect: DF054:7
# expect: DF054:8
FROM python:3.12-slim
RUN pip install flask==3.0.3
RUN python3 -m pip install -r requirements.txt
RUN pip3 --disable-pip-version-check install \
    requests==2.32.3 && echo done
USER 10001

# expect: DF014:2
FROM bitnamj/redis:7.2

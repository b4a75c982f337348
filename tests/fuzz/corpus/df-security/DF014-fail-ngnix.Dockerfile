# expect: DF014:3
# seed 2020: "ngnix instead of nginx".
FROM ngnix:1.25

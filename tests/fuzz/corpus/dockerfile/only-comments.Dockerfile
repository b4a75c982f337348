# nothing here
   # really


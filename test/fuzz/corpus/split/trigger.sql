CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = CASE WHEN new.a > 0 THEN 1 ELSE 0 END; END;
/* c /* nested */ ; */ SELECT E'a\'';' ;

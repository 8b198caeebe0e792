-- Makes the attached tracker database the default catalog of this connection or cursor.
-- Parameters: none.
USE tracker

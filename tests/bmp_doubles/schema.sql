-- The double's table: one row per stored item, its msglog-shaped JSON body.
CREATE TABLE bmp_rows (
    id bigserial PRIMARY KEY,
    body jsonb NOT NULL
);
CREATE INDEX bmp_rows_port ON bmp_rows (((body ->> 'bmp_router_port')::int));

-- The double's table, shipped with an index PostgreSQL refuses (no default GiST operator class
-- for integer without btree_gist).
CREATE TABLE bmp_rows (
    id bigserial PRIMARY KEY,
    body jsonb NOT NULL
);
CREATE INDEX bmp_rows_port ON bmp_rows USING gist (((body ->> 'bmp_router_port')::int));

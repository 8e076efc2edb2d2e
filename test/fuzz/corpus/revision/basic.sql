-- add bio
--
-- Revision ID: 3f9c0e7b2a41
-- Revises: 98765432abcd
-- Create Date: 2026-11-23 12:00:00.000000
-- Branch Labels: a, b
-- Transaction: no

-- upgrade()
ALTER TABLE users ADD COLUMN bio VARCHAR(500);

-- downgrade()
ALTER TABLE users DROP COLUMN bio;

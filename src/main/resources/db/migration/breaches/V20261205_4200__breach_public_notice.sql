-- A public notice instead of letters when telling each person would take disproportionate effort (Art. 34(3)(c)):
-- the text in Dutch and English, published at /privacy/notices/<reference> from the moment it is set.
ALTER TABLE breach
    ADD COLUMN public_notice_nl text,
    ADD COLUMN public_notice_en text,
    ADD COLUMN public_notice_at timestamptz;

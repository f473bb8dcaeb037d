-- The taxonomy of lib/taxonomy/taxonomy.json: 8 categories and 35 edit types in paper order.
-- Part of the migrations so that every database the app creates has it.

INSERT INTO "Category" ("id", "name", "position") VALUES
  (1, 'Pixel & Photometric', 1),
  (2, 'Object-Level Semantic', 2),
  (3, 'Scene Composition & Multi-Subject', 3),
  (4, 'Stylistic', 4),
  (5, 'Text & Symbol', 5),
  (6, 'Human-Centric', 6),
  (7, 'Scale', 7),
  (8, 'Spatial/Layout', 8);

INSERT INTO "EditType" ("id", "name", "position", "categoryId", "paperSftCount", "paperSuccessRate") VALUES
  (1, 'Change overall color tone (warm ↔ cool)', 1, 1, 14745, NULL),
  (2, 'Add film grain or vintage filter', 2, 1, 15443, 0.9068),
  (3, 'Add a new object to the scene', 3, 2, 14187, NULL),
  (4, 'Remove an existing object', 4, 2, 15109, 0.8328),
  (5, 'Replace one object category with another', 5, 2, 14547, 0.8348),
  (6, 'Change an object''s attribute (e.g., color/material)', 6, 2, 13813, NULL),
  (7, 'Relocate an object (change its position/spatial relation)', 7, 2, 6612, 0.5923),
  (8, 'Change the size/shape/orientation of an object', 8, 2, 10787, 0.6627),
  (9, 'Add new scene context/background', 9, 3, 14829, NULL),
  (10, 'Apply seasonal transformation (summer ↔ winter)', 10, 3, 13438, 0.8015),
  (11, 'Change weather conditions (sunny/rainy/snowy)', 11, 3, 11992, NULL),
  (12, 'Adjust global lighting (golden hour/fluorescent)', 12, 3, 12432, NULL),
  (13, 'Strong artistic style transfer (e.g., Van Gogh/anime/etc.)', 13, 4, 15284, 0.934),
  (14, 'Photo to cartoon/sketch/comic', 14, 4, 12735, 0.8006),
  (15, 'Modern ↔ historical style/look', 15, 4, 14856, 0.8875),
  (16, 'Replace text in signs/posters/billboards', 16, 5, 3494, NULL),
  (17, 'Add new (handwritten/printed/etc) text', 17, 5, 3866, NULL),
  (18, 'Change font style or color of visible text if there is text', 18, 5, 1431, 0.5759),
  (19, 'Translate written text into other languages', 19, 5, 1897, NULL),
  (20, 'Add/Remove/Replace Accessories (glasses, hats, jewelry, masks)', 20, 6, 1597, NULL),
  (21, 'Clothing edit (change color/outfit)', 21, 6, 1801, NULL),
  (22, 'Pose tweak (minor plausible change)', 22, 6, 1833, NULL),
  (23, 'Modify expressions (smile, frown, neutral)', 23, 6, 1526, NULL),
  (24, 'Change age / gender', 24, 6, 1685, NULL),
  (25, 'Convert person to 2D anime/manga style (identity-preserving)', 25, 6, 1040, NULL),
  (26, 'Convert person to Pixar/Disney-like 3D cartoon look', 26, 6, 1036, 0.6463),
  (27, 'Convert person to Western comic cel-shaded style', 27, 6, 982, NULL),
  (28, 'Line-art ink sketch of the person', 28, 6, 1482, NULL),
  (29, 'Sticker-ify the person with bold outline and white border', 29, 6, 1422, NULL),
  (30, 'Caricature with mild feature exaggeration (keep identity)', 30, 6, 832, 0.5884),
  (31, 'Funko-Pop–style toy figure of the person', 31, 6, 1859, NULL),
  (32, 'LEGO-minifigure rendition of the person', 32, 6, 1568, NULL),
  (33, 'Simpsonize the person (yellow-skin cartoon style)', 33, 6, 1439, NULL),
  (34, 'Zoom in', 34, 7, 13729, NULL),
  (35, 'Outpainting (extend canvas beyond boundaries)', 35, 8, 12402, 0.6634);

SELECT setval(pg_get_serial_sequence('"Category"', 'id'), (SELECT max("id") FROM "Category"));
SELECT setval(pg_get_serial_sequence('"EditType"', 'id'), (SELECT max("id") FROM "EditType"));

-- Reviews are an audit trail: the newest one wins, none is ever changed or removed.
CREATE FUNCTION "review_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Review rows are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "review_append_only" BEFORE UPDATE OR DELETE ON "Review"
  FOR EACH ROW EXECUTE FUNCTION "review_append_only"();

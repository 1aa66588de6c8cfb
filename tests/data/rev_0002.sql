-- A tracker database at schema revision 0002, made by scripts/make_0002_dump.py with the code of f81cd6a.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0002');
CREATE TABLE auditevent (
	id INTEGER NOT NULL, 
	commune_id INTEGER, 
	at DATETIME NOT NULL, 
	actor VARCHAR NOT NULL, 
	person_id INTEGER, 
	channel VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	entity VARCHAR NOT NULL, 
	task_id INTEGER, 
	"before" JSON, 
	"after" JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(task_id) REFERENCES task (id)
);
INSERT INTO "auditevent" VALUES(1,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','person.create','person Bùi Quang Nam',NULL,'null','{"name": "B\u00f9i Quang Nam", "role": "chairman", "unit_id": null, "active": true, "email": null, "telegram_chat_id": null}');
INSERT INTO "auditevent" VALUES(2,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.1.a',1,'null','{"section": "II.1.a", "title": "G\u00f3p \u00fd d\u1ef1 th\u1ea3o v\u0103n b\u1ea3n QPPL c\u00f3 quy \u0111\u1ecbnh TTHC; gi\u00e1m s\u00e1t, \u0111\u1ec1 xu\u1ea5t s\u1eeda \u0111\u1ed5i quy \u0111\u1ecbnh TTHC", "description": "Th\u1ee7 tr\u01b0\u1edfng c\u00e1c ph\u00f2ng chuy\u00ean m\u00f4n, Trung t\u00e2m Ph\u1ee5c v\u1ee5 h\u00e0nh ch\u00ednh c\u00f4ng nghi\u00ean c\u1ee9u, tham m\u01b0u UBND x\u00e3 \u00fd ki\u1ebfn g\u00f3p \u00fd \u0111\u1ed1i v\u1edbi d\u1ef1 th\u1ea3o v\u0103n b\u1ea3n QPPL li\u00ean quan \u0111\u1ebfn quy \u0111\u1ecbnh TTHC; th\u01b0\u1eddng xuy\u00ean gi\u00e1m s\u00e1t, theo d\u00f5i vi\u1ec7c th\u1ef1c hi\u1ec7n c\u00e1c quy \u0111\u1ecbnh TTHC sau khi \u0111\u01b0\u1ee3c ban h\u00e0nh; k\u1ecbp th\u1eddi ph\u00e1t hi\u1ec7n, c\u00f3 v\u0103n b\u1ea3n \u0111\u1ec1 xu\u1ea5t s\u1eeda \u0111\u1ed5i, b\u1ed5 sung nh\u1eefng quy \u0111\u1ecbnh li\u00ean quan \u0111\u1ebfn TTHC kh\u00f4ng c\u00f2n ph\u00f9 h\u1ee3p.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean gi\u00e1m s\u00e1t, theo d\u00f5i", "due_date": null, "recurrence": null, "expected_output": "V\u0103n b\u1ea3n g\u00f3p \u00fd d\u1ef1 th\u1ea3o v\u0103n b\u1ea3n QPPL li\u00ean quan \u0111\u1ebfn quy \u0111\u1ecbnh TTHC; v\u0103n b\u1ea3n \u0111\u1ec1 xu\u1ea5t s\u1eeda \u0111\u1ed5i, b\u1ed5 sung quy \u0111\u1ecbnh TTHC kh\u00f4ng c\u00f2n ph\u00f9 h\u1ee3p", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(3,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.1.b.1',2,'null','{"section": "II.1.b", "title": "Ho\u00e0n th\u00e0nh nhi\u1ec7m v\u1ee5 r\u00e0 so\u00e1t, \u0111\u01a1n gi\u1ea3n h\u00f3a TTHC n\u1ed9i b\u1ed9 theo K\u1ebf ho\u1ea1ch s\u1ed1 10583/KH-UBND", "description": "C\u00e1c ph\u00f2ng ban chuy\u00ean m\u00f4n ti\u1ebfp t\u1ee5c tri\u1ec3n khai th\u1ef1c hi\u1ec7n hi\u1ec7u qu\u1ea3, ho\u00e0n th\u00e0nh c\u00e1c nhi\u1ec7m v\u1ee5 \u0111\u01b0\u1ee3c giao t\u1ea1i K\u1ebf ho\u1ea1ch s\u1ed1 10583/KH-UBND ng\u00e0y 30/10/2022 v\u1ec1 r\u00e0 so\u00e1t, \u0111\u01a1n gi\u1ea3n th\u1ee7 t\u1ee5c h\u00e0nh ch\u00ednh n\u1ed9i b\u1ed9 trong h\u1ec7 th\u1ed1ng c\u01a1 quan h\u00e0nh ch\u00ednh nh\u00e0 n\u01b0\u1edbc tr\u00ean \u0111\u1ecba b\u00e0n t\u1ec9nh giai \u0111o\u1ea1n 2022-2025.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "year_end", "deadline_text": "Giai \u0111o\u1ea1n 2022-2025 (\u0111\u1ebfn h\u1ebft n\u0103m 2025)", "due_date": "2025-12-31", "recurrence": null, "expected_output": "B\u00e1o c\u00e1o k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n c\u00e1c nhi\u1ec7m v\u1ee5 r\u00e0 so\u00e1t, \u0111\u01a1n gi\u1ea3n h\u00f3a TTHC n\u1ed9i b\u1ed9 giai \u0111o\u1ea1n 2022-2025", "legal_basis": "K\u1ebf ho\u1ea1ch s\u1ed1 10583/KH-UBND ng\u00e0y 30/10/2022"}');
INSERT INTO "auditevent" VALUES(4,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.1.b.2',3,'null','{"section": "II.1.b", "title": "R\u00e0 so\u00e1t, tham m\u01b0u c\u00f4ng b\u1ed1 \u0111\u1ea7y \u0111\u1ee7 TTHC n\u1ed9i b\u1ed9 gi\u1eefa c\u01a1 quan h\u00e0nh ch\u00ednh nh\u00e0 n\u01b0\u1edbc", "description": "Ti\u1ebfp t\u1ee5c r\u00e0 so\u00e1t, tham m\u01b0u c\u00f4ng b\u1ed1 \u0111\u1ea7y \u0111\u1ee7 TTHC n\u1ed9i b\u1ed9 gi\u1eefa c\u01a1 quan h\u00e0nh ch\u00ednh nh\u00e0 n\u01b0\u1edbc theo ch\u1ec9 \u0111\u1ea1o c\u1ee7a UBND t\u1ec9nh (C\u00f4ng v\u0103n s\u1ed1 9867/UBND-KSTT ng\u00e0y 6/9/2024 c\u1ee7a UBND t\u1ec9nh h\u01b0\u1edbng d\u1eabn th\u1ef1c hi\u1ec7n V\u0103n b\u1ea3n s\u1ed1 5990/VPCP-KSTT ng\u00e0y 22/8/2024 c\u1ee7a V\u0103n ph\u00f2ng Ch\u00ednh ph\u1ee7.). X\u00e1c \u0111\u1ecbnh \u0111\u00fang ph\u1ea1m vi, th\u1ea9m quy\u1ec1n ban h\u00e0nh TTHC n\u1ed9i b\u1ed9 \u0111\u1ec3 r\u00e0 so\u00e1t, \u0111\u01a1n gi\u1ea3n h\u00f3a theo th\u1ea9m quy\u1ec1n ho\u1eb7c tr\u00ecnh c\u1ea5p c\u00f3 th\u1ea9m quy\u1ec1n ph\u00ea duy\u1ec7t ph\u01b0\u01a1ng \u00e1n \u0111\u01a1n gi\u1ea3n h\u00f3a.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "Danh m\u1ee5c TTHC n\u1ed9i b\u1ed9 \u0111\u01b0\u1ee3c r\u00e0 so\u00e1t, tham m\u01b0u c\u00f4ng b\u1ed1; ph\u01b0\u01a1ng \u00e1n \u0111\u01a1n gi\u1ea3n h\u00f3a TTHC n\u1ed9i b\u1ed9 theo th\u1ea9m quy\u1ec1n ho\u1eb7c tr\u00ecnh c\u1ea5p c\u00f3 th\u1ea9m quy\u1ec1n ph\u00ea duy\u1ec7t", "legal_basis": "C\u00f4ng v\u0103n s\u1ed1 9867/UBND-KSTT ng\u00e0y 6/9/2024 c\u1ee7a UBND t\u1ec9nh; V\u0103n b\u1ea3n s\u1ed1 5990/VPCP-KSTT ng\u00e0y 22/8/2024 c\u1ee7a V\u0103n ph\u00f2ng Ch\u00ednh ph\u1ee7"}');
INSERT INTO "auditevent" VALUES(5,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.1.b.3',4,'null','{"section": "II.1.b", "title": "Tham m\u01b0u v\u0103n b\u1ea3n b\u00e1o c\u00e1o UBND t\u1ec9nh th\u1ef1c thi ph\u01b0\u01a1ng \u00e1n c\u1eaft gi\u1ea3m, \u0111\u01a1n gi\u1ea3n h\u00f3a TTHC n\u1ed9i b\u1ed9", "description": "T\u1eadp trung r\u00e0 so\u00e1t, x\u00e2y d\u1ef1ng, tham m\u01b0u UBND x\u00e3 ban h\u00e0nh v\u0103n b\u1ea3n b\u00e1o c\u00e1o UBND t\u1ec9nh \u0111\u1ec3 th\u1ef1c thi c\u00e1c ph\u01b0\u01a1ng \u00e1n c\u1eaft gi\u1ea3m, \u0111\u01a1n gi\u1ea3n h\u00f3a TTHC n\u1ed9i b\u1ed9 \u0111\u00e3 \u0111\u01b0\u1ee3c Ch\u1ee7 t\u1ecbch \u1ee6y ban nh\u00e2n d\u00e2n t\u1ec9nh ph\u00ea duy\u1ec7t.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "V\u0103n b\u1ea3n c\u1ee7a UBND x\u00e3 b\u00e1o c\u00e1o UBND t\u1ec9nh v\u1ec1 th\u1ef1c thi c\u00e1c ph\u01b0\u01a1ng \u00e1n c\u1eaft gi\u1ea3m, \u0111\u01a1n gi\u1ea3n h\u00f3a TTHC n\u1ed9i b\u1ed9 \u0111\u00e3 \u0111\u01b0\u1ee3c ph\u00ea duy\u1ec7t", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(6,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.1.b.4',5,'null','{"section": "II.1.b", "title": "R\u00e0 so\u00e1t, \u0111\u1ec1 xu\u1ea5t t\u00e1i c\u1ea5u tr\u00fac quy tr\u00ecnh c\u00e1c TTHC n\u1ed9i b\u1ed9 theo l\u0129nh v\u1ef1c", "description": "T\u1eadp trung r\u00e0 so\u00e1t, \u0111\u1ec1 xu\u1ea5t t\u00e1i c\u1ea5u tr\u00fac quy tr\u00ecnh c\u00e1c TTHC n\u1ed9i b\u1ed9 tr\u00ean c\u00e1c l\u0129nh v\u1ef1c: K\u1ebf ho\u1ea1ch; chi\u1ebfn l\u01b0\u1ee3c; nh\u00e2n s\u1ef1; t\u00e0i ch\u00ednh - k\u1ebf to\u00e1n; v\u0103n th\u01b0 l\u01b0u tr\u1eef; t\u00e0i s\u1ea3n; thi \u0111ua - khen th\u01b0\u1edfng; h\u00e0nh ch\u00ednh, t\u1ed5ng h\u1ee3p v\u00e0 c\u00e1c l\u0129nh v\u1ef1c kh\u00e1c theo quy \u0111\u1ecbnh c\u1ee7a ph\u00e1p lu\u1eadt ho\u1eb7c theo quy\u1ebft \u0111\u1ecbnh c\u1ee7a Ch\u1ee7 t\u1ecbch \u1ee6y ban nh\u00e2n d\u00e2n t\u1ec9nh b\u1ea3o \u0111\u1ea3m quy \u0111\u1ecbnh \u0111\u1ea7y \u0111\u1ee7, r\u00f5 r\u00e0ng, c\u1ee5 th\u1ec3, h\u1ee3p l\u00fd c\u00e1c b\u1ed9 ph\u1eadn t\u1ea1o th\u00e0nh c\u01a1 b\u1ea3n c\u1ee7a TTHC theo quy \u0111\u1ecbnh t\u1ea1i kho\u1ea3n 2 \u0110i\u1ec1u 8 Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 63/2010/N\u0110-CP ng\u00e0y 08 th\u00e1ng 6 n\u0103m 2010 c\u1ee7a Ch\u00ednh ph\u1ee7 v\u1ec1 ki\u1ec3m so\u00e1t TTHC \u0111\u00e3 \u0111\u01b0\u1ee3c s\u1eeda \u0111\u1ed5i, b\u1ed5 sung t\u1ea1i Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 92/2017/N\u0110-CP ng\u00e0y 07/8/2017 c\u1ee7a Ch\u00ednh ph\u1ee7 s\u1eeda \u0111\u1ed5i, b\u1ed5 sung m\u1ed9t s\u1ed1 \u0111i\u1ec1u c\u1ee7a c\u00e1c Ngh\u1ecb \u0111\u1ecbnh li\u00ean quan \u0111\u1ebfn ki\u1ec3m so\u00e1t TTHC v\u00e0 \u0111\u00e1p \u1ee9ng y\u00eau c\u1ea7u v\u1ec1 ch\u1ea5t l\u01b0\u1ee3ng theo quy \u0111\u1ecbnh c\u1ee7a Ch\u00ednh ph\u1ee7 v\u1ec1 th\u1ef1c hi\u1ec7n TTHC to\u00e0n tr\u00ecnh tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed. Th\u1eddi h\u1ea1n ho\u00e0n th\u00e0nh tr\u01b0\u1edbc ng\u00e0y 15/12/2025.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "fixed_date", "deadline_text": "Th\u1eddi h\u1ea1n ho\u00e0n th\u00e0nh tr\u01b0\u1edbc ng\u00e0y 15/12/2025", "due_date": "2025-12-14", "recurrence": null, "expected_output": "B\u00e1o c\u00e1o k\u1ebft qu\u1ea3 r\u00e0 so\u00e1t, \u0111\u1ec1 xu\u1ea5t t\u00e1i c\u1ea5u tr\u00fac quy tr\u00ecnh TTHC n\u1ed9i b\u1ed9", "legal_basis": "Kho\u1ea3n 2 \u0110i\u1ec1u 8 Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 63/2010/N\u0110-CP ng\u00e0y 08/6/2010 c\u1ee7a Ch\u00ednh ph\u1ee7; Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 92/2017/N\u0110-CP ng\u00e0y 07/8/2017 c\u1ee7a Ch\u00ednh ph\u1ee7"}');
INSERT INTO "auditevent" VALUES(7,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.1',6,'null','{"section": "II.2.a", "title": "C\u00f4ng b\u1ed1, c\u00f4ng khai TTHC; 100% h\u1ed3 s\u01a1 TTHC \u0111\u01b0\u1ee3c ti\u1ebfp nh\u1eadn, gi\u1ea3i quy\u1ebft tr\u00ean H\u1ec7 th\u1ed1ng c\u1ee7a t\u1ec9nh", "description": "C\u00f4ng b\u1ed1, c\u00f4ng khai k\u1ecbp th\u1eddi, \u0111\u1ea7y \u0111\u1ee7, ch\u00ednh x\u00e1c c\u00e1c TTHC tr\u00ean c\u01a1 s\u1edf d\u1eef li\u1ec7u qu\u1ed1c gia v\u1ec1 TTHC theo quy \u0111\u1ecbnh; th\u1ef1c hi\u1ec7n nghi\u00eam vi\u1ec7c g\u1eedi, nh\u1eadn v\u0103n b\u1ea3n \u0111i\u1ec7n t\u1eed, x\u1eed l\u00fd h\u1ed3 s\u01a1 c\u00f4ng vi\u1ec7c to\u00e0n tr\u00ecnh tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed; \u0111\u1ea3m b\u1ea3o 100% h\u1ed3 s\u01a1 TTHC ph\u1ea3i \u0111\u01b0\u1ee3c ti\u1ebfp nh\u1eadn, gi\u1ea3i quy\u1ebft tr\u00ean H\u1ec7 th\u1ed1ng th\u00f4ng tin gi\u1ea3i quy\u1ebft TTHC c\u1ee7a t\u1ec9nh v\u00e0 li\u00ean th\u00f4ng, \u0111\u1ed3ng b\u1ed9 v\u1edbi C\u1ed5ng D\u1ecbch v\u1ee5 c\u00f4ng qu\u1ed1c gia \u0111\u1ec3 ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p theo d\u00f5i, \u0111\u00e1nh gi\u00e1 qu\u00e1 tr\u00ecnh th\u1ef1c hi\u1ec7n.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "TTHC \u0111\u01b0\u1ee3c c\u00f4ng b\u1ed1, c\u00f4ng khai tr\u00ean c\u01a1 s\u1edf d\u1eef li\u1ec7u qu\u1ed1c gia v\u1ec1 TTHC; 100% h\u1ed3 s\u01a1 TTHC \u0111\u01b0\u1ee3c ti\u1ebfp nh\u1eadn, gi\u1ea3i quy\u1ebft tr\u00ean H\u1ec7 th\u1ed1ng th\u00f4ng tin gi\u1ea3i quy\u1ebft TTHC c\u1ee7a t\u1ec9nh, \u0111\u1ed3ng b\u1ed9 v\u1edbi C\u1ed5ng D\u1ecbch v\u1ee5 c\u00f4ng qu\u1ed1c gia", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(8,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.2',7,'null','{"section": "II.2.a", "title": "Th\u1ef1c hi\u1ec7n Ngh\u1ecb quy\u1ebft c\u1ee7a Ch\u00ednh ph\u1ee7 v\u1ec1 gi\u1ea3i quy\u1ebft TTHC kh\u00f4ng ph\u1ee5 thu\u1ed9c \u0111\u1ecba gi\u1edbi h\u00e0nh ch\u00ednh", "description": "T\u1ed5 ch\u1ee9c th\u1ef1c hi\u1ec7n Ngh\u1ecb quy\u1ebft c\u1ee7a Ch\u00ednh ph\u1ee7 v\u1ec1 \u0111\u1ed5i m\u1edbi to\u00e0n di\u1ec7n vi\u1ec7c gi\u1ea3i quy\u1ebft TTHC, cung c\u1ea5p d\u1ecbch v\u1ee5 c\u00f4ng kh\u00f4ng ph\u1ee5 thu\u1ed9c \u0111\u1ecba gi\u1edbi h\u00e0nh ch\u00ednh ngay sau khi \u0111\u01b0\u1ee3c Ch\u00ednh ph\u1ee7 ph\u00ea duy\u1ec7t.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "on_event", "deadline_text": "Ngay sau khi \u0111\u01b0\u1ee3c Ch\u00ednh ph\u1ee7 ph\u00ea duy\u1ec7t", "due_date": null, "recurrence": null, "expected_output": "T\u1ed5 ch\u1ee9c gi\u1ea3i quy\u1ebft TTHC, cung c\u1ea5p d\u1ecbch v\u1ee5 c\u00f4ng kh\u00f4ng ph\u1ee5 thu\u1ed9c \u0111\u1ecba gi\u1edbi h\u00e0nh ch\u00ednh theo Ngh\u1ecb quy\u1ebft c\u1ee7a Ch\u00ednh ph\u1ee7", "legal_basis": "Ngh\u1ecb quy\u1ebft c\u1ee7a Ch\u00ednh ph\u1ee7 v\u1ec1 \u0111\u1ed5i m\u1edbi to\u00e0n di\u1ec7n vi\u1ec7c gi\u1ea3i quy\u1ebft TTHC, cung c\u1ea5p d\u1ecbch v\u1ee5 c\u00f4ng kh\u00f4ng ph\u1ee5 thu\u1ed9c \u0111\u1ecba gi\u1edbi h\u00e0nh ch\u00ednh (khi \u0111\u01b0\u1ee3c Ch\u00ednh ph\u1ee7 ph\u00ea duy\u1ec7t)"}');
INSERT INTO "auditevent" VALUES(9,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.3',8,'null','{"section": "II.2.a", "title": "\u0110\u1ea9y m\u1ea1nh d\u1ecbch v\u1ee5 c\u00f4ng tr\u1ef1c tuy\u1ebfn to\u00e0n tr\u00ecnh; t\u1ed1i thi\u1ec3u 80% h\u1ed3 s\u01a1 x\u1eed l\u00fd tr\u1ef1c tuy\u1ebfn", "description": "\u0110\u1ea9y m\u1ea1nh tri\u1ec3n khai th\u1ef1c hi\u1ec7n d\u1ecbch v\u1ee5 c\u00f4ng tr\u1ef1c tuy\u1ebfn to\u00e0n tr\u00ecnh, d\u1ecbch v\u1ee5 c\u00f4ng tr\u1ef1c tuy\u1ebfn m\u1ed9t ph\u1ea7n; ph\u1ea5n \u0111\u1ea5u \u0111\u1ebfn h\u1ebft n\u0103m 2025 \u0111\u1ea1t 100% TTHC \u0111\u1ee7 \u0111i\u1ec1u ki\u1ec7n theo quy \u0111\u1ecbnh c\u1ee7a ph\u00e1p lu\u1eadt \u0111\u01b0\u1ee3c cung c\u1ea5p d\u01b0\u1edbi h\u00ecnh th\u1ee9c d\u1ecbch v\u1ee5 c\u00f4ng tr\u1ef1c tuy\u1ebfn to\u00e0n tr\u00ecnh, t\u1ed1i thi\u1ec3u 80% h\u1ed3 s\u01a1 TTHC \u0111\u01b0\u1ee3c x\u1eed l\u00fd ho\u00e0n to\u00e0n tr\u1ef1c tuy\u1ebfn, ng\u01b0\u1eddi d\u00e2n ch\u1ec9 ph\u1ea3i nh\u1eadp d\u1eef li\u1ec7u m\u1ed9t l\u1ea7n; khuy\u1ebfn kh\u00edch ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p th\u1ef1c hi\u1ec7n TTHC tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed; gi\u1ea3m t\u1ed1i \u0111a th\u1eddi gian, chi ph\u00ed \u0111i l\u1ea1i cho vi\u1ec7c g\u1eedi h\u1ed3 s\u01a1 v\u00e0 nh\u1eadn k\u1ebft qu\u1ea3 gi\u1ea3i quy\u1ebft TTHC c\u1ee7a c\u00e1c t\u1ed5 ch\u1ee9c, c\u00e1 nh\u00e2n; t\u0103ng t\u00ednh c\u00f4ng khai, minh b\u1ea1ch khi gi\u1ea3i quy\u1ebft TTHC; n\u00e2ng cao tr\u00e1ch nhi\u1ec7m, tr\u00ecnh \u0111\u1ed9 chuy\u00ean m\u00f4n v\u00e0 ki\u1ebfn th\u1ee9c v\u1ec1 c\u00f4ng ngh\u1ec7 th\u00f4ng tin c\u1ee7a c\u00e1n b\u1ed9 c\u00f4ng ch\u1ee9c \u0111\u01b0\u1ee3c ph\u00e2n c\u00f4ng x\u1eed l\u00fd h\u1ed3 s\u01a1 TTHC, g\u00f3p ph\u1ea7n th\u00fac \u0111\u1ea9y ph\u00e1t tri\u1ec3n kinh t\u1ebf - x\u00e3 h\u1ed9i, g\u1eafn c\u1ea3i c\u00e1ch TTHC v\u1edbi chuy\u1ec3n \u0111\u1ed5i s\u1ed1 qu\u1ed1c gia.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "year_end", "deadline_text": "Ph\u1ea5n \u0111\u1ea5u \u0111\u1ebfn h\u1ebft n\u0103m 2025", "due_date": "2025-12-31", "recurrence": null, "expected_output": "100% TTHC \u0111\u1ee7 \u0111i\u1ec1u ki\u1ec7n \u0111\u01b0\u1ee3c cung c\u1ea5p d\u01b0\u1edbi h\u00ecnh th\u1ee9c d\u1ecbch v\u1ee5 c\u00f4ng tr\u1ef1c tuy\u1ebfn to\u00e0n tr\u00ecnh; t\u1ed1i thi\u1ec3u 80% h\u1ed3 s\u01a1 TTHC \u0111\u01b0\u1ee3c x\u1eed l\u00fd ho\u00e0n to\u00e0n tr\u1ef1c tuy\u1ebfn", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(10,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.4',9,'null','{"section": "II.2.a", "title": "\u0110\u1ea9y nhanh s\u1ed1 h\u00f3a h\u1ed3 s\u01a1, k\u1ebft qu\u1ea3 gi\u1ea3i quy\u1ebft TTHC; t\u00e1i s\u1eed d\u1ee5ng d\u1eef li\u1ec7u \u0111\u00e3 s\u1ed1 h\u00f3a", "description": "Ti\u1ebfp t\u1ee5c \u0111\u1ea9y nhanh s\u1ed1 h\u00f3a h\u1ed3 s\u01a1, k\u1ebft qu\u1ea3 gi\u1ea3i quy\u1ebft TTHC theo \u0111\u00fang quy \u0111\u1ecbnh c\u1ee7a Ch\u00ednh ph\u1ee7 t\u1ea1i Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 45/2020/N\u0110-CP v\u00e0 Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 118/2025/N\u0110-CP, l\u00e0m s\u1ea1ch d\u1eef li\u1ec7u, g\u1eafn vi\u1ec7c s\u1ed1 h\u00f3a v\u1edbi th\u1ef1c hi\u1ec7n nhi\u1ec7m v\u1ee5 c\u1ee7a c\u00e1n b\u1ed9, c\u00f4ng ch\u1ee9c, vi\u00ean ch\u1ee9c trong qu\u00e1 tr\u00ecnh ti\u1ebfp nh\u1eadn, gi\u1ea3i quy\u1ebft TTHC; t\u00e1i s\u1eed d\u1ee5ng d\u1eef li\u1ec7u \u0111\u00e3 \u0111\u01b0\u1ee3c s\u1ed1 h\u00f3a gi\u1eefa c\u00e1c b\u1ed9, ng\u00e0nh, \u0111\u1ecba ph\u01b0\u01a1ng th\u00f4ng qua k\u1ebft n\u1ed1i, chia s\u1ebb d\u1eef li\u1ec7u v\u1edbi Kho qu\u1ea3n l\u00fd d\u1eef li\u1ec7u c\u00e1 nh\u00e2n, t\u1ed5 ch\u1ee9c tr\u00ean C\u1ed5ng D\u1ecbch v\u1ee5 c\u00f4ng qu\u1ed1c gia.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "H\u1ed3 s\u01a1, k\u1ebft qu\u1ea3 gi\u1ea3i quy\u1ebft TTHC \u0111\u01b0\u1ee3c s\u1ed1 h\u00f3a, l\u00e0m s\u1ea1ch d\u1eef li\u1ec7u v\u00e0 t\u00e1i s\u1eed d\u1ee5ng qua Kho qu\u1ea3n l\u00fd d\u1eef li\u1ec7u c\u00e1 nh\u00e2n, t\u1ed5 ch\u1ee9c tr\u00ean C\u1ed5ng D\u1ecbch v\u1ee5 c\u00f4ng qu\u1ed1c gia", "legal_basis": "Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 45/2020/N\u0110-CP; Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 118/2025/N\u0110-CP"}');
INSERT INTO "auditevent" VALUES(11,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.5',10,'null','{"section": "II.2.a", "title": "Th\u00fac \u0111\u1ea9y tri\u1ec3n khai \u0110\u1ec1 \u00e1n 06; \u0111\u1ec1 xu\u1ea5t th\u00e1o g\u1ee1 \u0111i\u1ec3m ngh\u1ebdn, k\u1ebft n\u1ed1i CSDL qu\u1ed1c gia v\u1ec1 d\u00e2n c\u01b0", "description": "Th\u00fac \u0111\u1ea9y tri\u1ec3n khai \u0110\u1ec1 \u00e1n 06; \u0111\u1ec1 xu\u1ea5t th\u00e1o g\u1ee1 c\u00e1c \u0111i\u1ec3m ngh\u1ebdn (n\u1ebfu c\u00f3) trong qu\u00e1 tr\u00ecnh tri\u1ec3n khai v\u00e0 n\u00e2ng c\u1ea5p ph\u1ea7n m\u1ec1m d\u00f9ng chung c\u1ee7a t\u1ec9nh, c\u00e1c c\u01a1 s\u1edf d\u1eef li\u1ec7u qu\u1ed1c gia, chuy\u00ean ng\u00e0nh, k\u1ebft n\u1ed1i, chia s\u1ebb v\u1edbi C\u01a1 s\u1edf d\u1eef li\u1ec7u qu\u1ed1c gia v\u1ec1 d\u00e2n c\u01b0 \u0111\u1ec3 ti\u1ebfp t\u1ee5c \u0111\u01a1n gi\u1ea3n ho\u00e1 gi\u1ea5y t\u1edd khi th\u1ef1c hi\u1ec7n TTHC v\u00e0 \u0111\u1ea9y m\u1ea1nh d\u1ecbch v\u1ee5 c\u00f4ng tr\u1ef1c tuy\u1ebfn.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "V\u0103n b\u1ea3n \u0111\u1ec1 xu\u1ea5t th\u00e1o g\u1ee1 \u0111i\u1ec3m ngh\u1ebdn (n\u1ebfu c\u00f3); gi\u1ea5y t\u1edd khi th\u1ef1c hi\u1ec7n TTHC \u0111\u01b0\u1ee3c \u0111\u01a1n gi\u1ea3n h\u00f3a nh\u1edd k\u1ebft n\u1ed1i, chia s\u1ebb v\u1edbi C\u01a1 s\u1edf d\u1eef li\u1ec7u qu\u1ed1c gia v\u1ec1 d\u00e2n c\u01b0", "legal_basis": "Quy\u1ebft \u0111\u1ecbnh s\u1ed1 06/Q\u0110-TTg ng\u00e0y 06/01/2022 c\u1ee7a Th\u1ee7 t\u01b0\u1edbng Ch\u00ednh ph\u1ee7 (\u0110\u1ec1 \u00e1n 06)"}');
INSERT INTO "auditevent" VALUES(12,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.6',11,'null','{"section": "II.2.a", "title": "Ti\u1ebfp nh\u1eadn, x\u1eed l\u00fd v\u01b0\u1edbng m\u1eafc v\u1ec1 TTHC; x\u1eed l\u00fd nh\u0169ng nhi\u1ec5u, t\u0103ng c\u01b0\u1eddng k\u1ef7 lu\u1eadt, k\u1ef7 c\u01b0\u01a1ng", "description": "T\u1ed5 ch\u1ee9c th\u1ef1c hi\u1ec7n nghi\u00eam vi\u1ec7c ti\u1ebfp nh\u1eadn, x\u1eed l\u00fd, th\u00e1o g\u1ee1 c\u00e1c kh\u00f3 kh\u0103n, v\u01b0\u1edbng m\u1eafc v\u1ec1 quy \u0111\u1ecbnh, TTHC; t\u1ed5 ch\u1ee9c ki\u1ec3m tra, x\u00e1c minh, l\u00e0m r\u00f5 h\u00e0nh vi nh\u0169ng nhi\u1ec5u, g\u00e2y kh\u00f3 kh\u0103n trong gi\u1ea3i quy\u1ebft TTHC v\u00e0 x\u1eed l\u00fd nghi\u00eam c\u00e1c t\u1ed5 ch\u1ee9c, c\u00e1 nh\u00e2n c\u00f3 li\u00ean quan theo \u0111\u00fang quy \u0111\u1ecbnh; k\u1ecbp th\u1eddi ch\u1ea5n ch\u1ec9nh vi\u1ec7c gi\u1ea3i quy\u1ebft TTHC thu\u1ed9c th\u1ea9m quy\u1ec1n c\u1ee7a c\u00e1c c\u01a1 quan, \u0111\u01a1n v\u1ecb, \u0111\u1ecba ph\u01b0\u01a1ng. T\u0103ng c\u01b0\u1eddng k\u1ef7 lu\u1eadt, k\u1ef7 c\u01b0\u01a1ng h\u00e0nh ch\u00ednh trong ti\u1ebfp nh\u1eadn gi\u1ea3i quy\u1ebft TTHC, cung c\u1ea5p d\u1ecbch v\u1ee5 c\u00f4ng, k\u1ecbp th\u1eddi kh\u1eafc ph\u1ee5c \u0111\u1ed1i v\u1edbi c\u00e1c tr\u01b0\u1eddng h\u1ee3p d\u1ec5 x\u1ea3y ra ch\u1eadm mu\u1ed9n, ti\u00eau c\u1ef1c trong gi\u1ea3i quy\u1ebft h\u1ed3 s\u01a1 TTHC c\u1ee7a c\u01a1 quan, \u0111\u01a1n v\u1ecb.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "Kh\u00f3 kh\u0103n, v\u01b0\u1edbng m\u1eafc v\u1ec1 quy \u0111\u1ecbnh, TTHC \u0111\u01b0\u1ee3c ti\u1ebfp nh\u1eadn, x\u1eed l\u00fd; k\u1ebft qu\u1ea3 ki\u1ec3m tra, x\u00e1c minh, x\u1eed l\u00fd vi ph\u1ea1m; v\u0103n b\u1ea3n ch\u1ea5n ch\u1ec9nh vi\u1ec7c gi\u1ea3i quy\u1ebft TTHC", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(13,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.a.7',12,'null','{"section": "II.2.a", "title": "C\u00f4ng khai ti\u1ebfn \u0111\u1ed9 gi\u1ea3i quy\u1ebft h\u1ed3 s\u01a1 TTHC v\u00e0 k\u1ebft qu\u1ea3 \u0111\u00e1nh gi\u00e1 ch\u1ea5t l\u01b0\u1ee3ng ph\u1ee5c v\u1ee5 h\u00e0ng th\u00e1ng", "description": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng c\u00f4ng khai ti\u1ebfn \u0111\u1ed9 gi\u1ea3i quy\u1ebft h\u1ed3 s\u01a1 TTHC; c\u00f4ng khai k\u1ebft qu\u1ea3 \u0111\u00e1nh gi\u00e1 ch\u1ea5t l\u01b0\u1ee3ng ph\u1ee5c v\u1ee5 ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 766/Q\u0110-TTg ng\u00e0y 23/6/2022 c\u1ee7a Th\u1ee7 t\u01b0\u1edbng Ch\u00ednh ph\u1ee7 tr\u00ean trang th\u00f4ng tin \u0111i\u1ec7n t\u1eed c\u00e1c c\u01a1 quan, \u0111\u01a1n v\u1ecb \u0111\u1ec3 t\u1ed5 ch\u1ee9c, c\u00e1 nh\u00e2n theo d\u00f5i, gi\u00e1m s\u00e1t.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "monthly", "deadline_text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "due_date": null, "recurrence": {"kind": "monthly", "text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "first_period": "2025-08", "last_period": "2025-12", "submit_within_working_days": 2}, "expected_output": "Th\u00f4ng tin c\u00f4ng khai ti\u1ebfn \u0111\u1ed9 gi\u1ea3i quy\u1ebft h\u1ed3 s\u01a1 TTHC v\u00e0 k\u1ebft qu\u1ea3 \u0111\u00e1nh gi\u00e1 ch\u1ea5t l\u01b0\u1ee3ng ph\u1ee5c v\u1ee5 ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p tr\u00ean trang th\u00f4ng tin \u0111i\u1ec7n t\u1eed (h\u00e0ng th\u00e1ng)", "legal_basis": "Quy\u1ebft \u0111\u1ecbnh s\u1ed1 766/Q\u0110-TTg ng\u00e0y 23/6/2022 c\u1ee7a Th\u1ee7 t\u01b0\u1edbng Ch\u00ednh ph\u1ee7"}');
INSERT INTO "auditevent" VALUES(14,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.b.1',13,'null','{"section": "II.2.b", "title": "R\u00e0 so\u00e1t, c\u1eaft gi\u1ea3m ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o; tri\u1ec3n khai b\u00e1o c\u00e1o \u0111i\u1ec7n t\u1eed, b\u00e1o c\u00e1o t\u1ef1 \u0111\u1ed9ng", "description": "Th\u1ef1c hi\u1ec7n nghi\u00eam Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 09/2019/N\u0110-CP ng\u00e0y 24/01/2019 c\u1ee7a Ch\u00ednh ph\u1ee7 quy \u0111\u1ecbnh v\u1ec1 ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o c\u1ee7a c\u01a1 quan h\u00e0nh ch\u00ednh nh\u00e0 n\u01b0\u1edbc. R\u00e0 so\u00e1t c\u00e1c ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o b\u1ea3o \u0111\u1ea3m ch\u1ec9 ban h\u00e0nh nh\u1eefng ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o th\u1eadt s\u1ef1 c\u1ea7n thi\u1ebft; c\u1eaft gi\u1ea3m c\u00e1c ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o \u0111\u00e3 \u0111\u01b0\u1ee3c thay th\u1ebf b\u1eb1ng d\u1eef li\u1ec7u s\u1ed1 c\u00f3 s\u1eb5n t\u1eeb c\u00e1c h\u1ec7 th\u1ed1ng th\u00f4ng tin, c\u01a1 s\u1edf d\u1eef li\u1ec7u; tri\u1ec3n khai b\u00e1o c\u00e1o \u0111i\u1ec7n t\u1eed \u0111\u1ed1i v\u1edbi c\u00e1c ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o trong n\u1ed9i b\u1ed9 c\u01a1 quan; t\u1eebng b\u01b0\u1edbc chuy\u1ec3n sang b\u00e1o c\u00e1o t\u1ef1 \u0111\u1ed9ng, d\u1ef1a tr\u00ean d\u1eef li\u1ec7u v\u00e0 theo th\u1eddi gian th\u1ef1c, ho\u00e0n th\u00e0nh trong Qu\u00fd III n\u0103m 2025.", "lead_unit_id": 1, "coordinating_unit_ids": [2, 3, 4], "deadline_kind": "quarter_end", "deadline_text": "Ho\u00e0n th\u00e0nh trong Qu\u00fd III n\u0103m 2025", "due_date": "2025-09-30", "recurrence": null, "expected_output": "Danh m\u1ee5c ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o \u0111\u01b0\u1ee3c r\u00e0 so\u00e1t, c\u1eaft gi\u1ea3m; c\u00e1c ch\u1ebf \u0111\u1ed9 b\u00e1o c\u00e1o n\u1ed9i b\u1ed9 \u0111\u01b0\u1ee3c th\u1ef1c hi\u1ec7n b\u1eb1ng b\u00e1o c\u00e1o \u0111i\u1ec7n t\u1eed", "legal_basis": "Ngh\u1ecb \u0111\u1ecbnh s\u1ed1 09/2019/N\u0110-CP ng\u00e0y 24/01/2019 c\u1ee7a Ch\u00ednh ph\u1ee7"}');
INSERT INTO "auditevent" VALUES(15,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task II.2.b.2',14,'null','{"section": "II.2.b", "title": "G\u1eedi, nh\u1eadn v\u0103n b\u1ea3n c\u00f3 k\u00fd s\u1ed1; x\u1eed l\u00fd h\u1ed3 s\u01a1, c\u00f4ng vi\u1ec7c to\u00e0n tr\u00ecnh tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed", "description": "Th\u1ef1c hi\u1ec7n nghi\u00eam vi\u1ec7c g\u1eedi, nh\u1eadn v\u0103n b\u1ea3n \u0111i\u1ec7n t\u1eed c\u00f3 k\u00fd s\u1ed1; x\u1eed l\u00fd h\u1ed3 s\u01a1, c\u00f4ng vi\u1ec7c to\u00e0n tr\u00ecnh tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed, ho\u00e0n th\u00e0nh trong Qu\u00fd III n\u0103m 2025, ch\u1ea5m d\u1ee9t t\u00ecnh tr\u1ea1ng v\u1eeba x\u1eed l\u00fd h\u1ed3 s\u01a1 gi\u1ea5y v\u1eeba x\u1eed l\u00fd h\u1ed3 s\u01a1 \u0111i\u1ec7n t\u1eed.", "lead_unit_id": 1, "coordinating_unit_ids": [2, 3, 4], "deadline_kind": "quarter_end", "deadline_text": "Ho\u00e0n th\u00e0nh trong Qu\u00fd III n\u0103m 2025", "due_date": "2025-09-30", "recurrence": null, "expected_output": "V\u0103n b\u1ea3n \u0111i\u1ec7n t\u1eed c\u00f3 k\u00fd s\u1ed1 \u0111\u01b0\u1ee3c g\u1eedi, nh\u1eadn v\u00e0 h\u1ed3 s\u01a1, c\u00f4ng vi\u1ec7c \u0111\u01b0\u1ee3c x\u1eed l\u00fd to\u00e0n tr\u00ecnh tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed; ch\u1ea5m d\u1ee9t x\u1eed l\u00fd song song h\u1ed3 s\u01a1 gi\u1ea5y v\u00e0 h\u1ed3 s\u01a1 \u0111i\u1ec7n t\u1eed", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(16,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.1.1',15,'null','{"section": "III.1", "title": "X\u00e2y d\u1ef1ng K\u1ebf ho\u1ea1ch tri\u1ec3n khai t\u1ea1i c\u01a1 quan chuy\u00ean m\u00f4n; b\u1ed1 tr\u00ed ngu\u1ed3n l\u1ef1c cho c\u1ea3i c\u00e1ch TTHC", "description": "C\u0103n c\u1ee9 nhi\u1ec7m v\u1ee5 \u0111\u01b0\u1ee3c giao t\u1ea1i K\u1ebf ho\u1ea1ch n\u00e0y, x\u00e2y d\u1ef1ng K\u1ebf ho\u1ea1ch \u0111\u1ec3 tri\u1ec3n khai th\u1ef1c hi\u1ec7n nhi\u1ec7m v\u1ee5 \u0111\u01b0\u1ee3c giao t\u1ea1i c\u01a1 quan chuy\u00ean m\u00f4n b\u1ea3o \u0111\u1ea3m ch\u1ea5t l\u01b0\u1ee3ng v\u00e0 ho\u00e0n th\u00e0nh c\u00e1c ch\u1ec9 ti\u00eau \u0111\u1ec1 ra. B\u1ed1 tr\u00ed ngu\u1ed3n l\u1ef1c cho c\u00f4ng t\u00e1c c\u1ea3i c\u00e1ch TTHC \u0111\u00e1p \u1ee9ng y\u00eau c\u1ea7u c\u00f4ng t\u00e1c \u0111\u1ec3 th\u1ef1c hi\u1ec7n K\u1ebf ho\u1ea1ch n\u00e0y v\u00e0 c\u00e1c nhi\u1ec7m v\u1ee5 kh\u00e1c \u0111\u01b0\u1ee3c giao.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "K\u1ebf ho\u1ea1ch tri\u1ec3n khai th\u1ef1c hi\u1ec7n nhi\u1ec7m v\u1ee5 c\u1ea3i c\u00e1ch TTHC n\u0103m 2025 c\u1ee7a t\u1eebng ph\u00f2ng chuy\u00ean m\u00f4n", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(17,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.1.2',16,'null','{"section": "III.1", "title": "Ki\u1ec3m tra th\u1ef1c hi\u1ec7n quy \u0111\u1ecbnh v\u1ec1 TTHC, c\u01a1 ch\u1ebf m\u1ed9t c\u1eeda, m\u1ed9t c\u1eeda li\u00ean th\u00f4ng; x\u1eed l\u00fd vi ph\u1ea1m", "description": "Ch\u1ee7 \u0111\u1ed9ng, t\u0103ng c\u01b0\u1eddng ki\u1ec3m tra vi\u1ec7c th\u1ef1c hi\u1ec7n c\u00e1c quy \u0111\u1ecbnh v\u1ec1 TTHC, gi\u1ea3i quy\u1ebft TTHC, ki\u1ec3m so\u00e1t TTHC, th\u1ef1c hi\u1ec7n c\u01a1 ch\u1ebf m\u1ed9t c\u1eeda, m\u1ed9t c\u1eeda li\u00ean th\u00f4ng, th\u1ef1c hi\u1ec7n TTHC tr\u00ean m\u00f4i tr\u01b0\u1eddng \u0111i\u1ec7n t\u1eed t\u1ea1i c\u01a1 quan, \u0111\u01a1n v\u1ecb, \u0111\u1ecba ph\u01b0\u01a1ng; k\u1ecbp th\u1eddi x\u1eed l\u00fd c\u00e1c vi ph\u1ea1m theo quy \u0111\u1ecbnh \u0111\u1ec3 th\u1ef1c hi\u1ec7n t\u1ed1t c\u00e1c nhi\u1ec7m v\u1ee5 \u0111\u01b0\u1ee3c giao; b\u00e1o c\u00e1o c\u1ea5p c\u00f3 th\u1ea9m quy\u1ec1n k\u1ebft qu\u1ea3 ki\u1ec3m tra, k\u1ecbp th\u1eddi \u0111\u1ec1 xu\u1ea5t bi\u1ec7n ph\u00e1p ch\u1ea5n ch\u1ec9nh vi\u1ec7c th\u1ef1c hi\u1ec7n.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "B\u00e1o c\u00e1o k\u1ebft qu\u1ea3 ki\u1ec3m tra g\u1eedi c\u1ea5p c\u00f3 th\u1ea9m quy\u1ec1n; \u0111\u1ec1 xu\u1ea5t bi\u1ec7n ph\u00e1p ch\u1ea5n ch\u1ec9nh vi\u1ec7c th\u1ef1c hi\u1ec7n", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(18,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.1.3',17,'null','{"section": "III.1", "title": "B\u1ed1 tr\u00ed kinh ph\u00ed th\u1ef1c hi\u1ec7n K\u1ebf ho\u1ea1ch trong d\u1ef1 to\u00e1n ng\u00e2n s\u00e1ch n\u0103m 2025", "description": "B\u1ed1 tr\u00ed kinh ph\u00ed th\u1ef1c hi\u1ec7n K\u1ebf ho\u1ea1ch n\u00e0y trong d\u1ef1 to\u00e1n ng\u00e2n s\u00e1ch n\u0103m 2025 \u0111\u01b0\u1ee3c c\u1ea5p c\u00f3 th\u1ea9m quy\u1ec1n giao; khuy\u1ebfn kh\u00edch vi\u1ec7c huy \u0111\u1ed9ng theo quy \u0111\u1ecbnh c\u1ee7a ph\u00e1p lu\u1eadt c\u00e1c ngu\u1ed3n kinh ph\u00ed ngo\u00e0i ng\u00e2n s\u00e1ch nh\u00e0 n\u01b0\u1edbc \u0111\u1ec3 th\u1ef1c hi\u1ec7n.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "Kinh ph\u00ed th\u1ef1c hi\u1ec7n K\u1ebf ho\u1ea1ch \u0111\u01b0\u1ee3c b\u1ed1 tr\u00ed trong d\u1ef1 to\u00e1n ng\u00e2n s\u00e1ch n\u0103m 2025", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(19,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.1.4',18,'null','{"section": "III.1", "title": "B\u00e1o c\u00e1o k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n c\u00e1c ch\u1ec9 ti\u00eau c\u1ee7a K\u1ebf ho\u1ea1ch trong b\u00e1o c\u00e1o c\u1ea3i c\u00e1ch TTHC h\u00e0ng th\u00e1ng", "description": "\u0110\u1ecbnh k\u1ef3 b\u00e1o c\u00e1o t\u00ecnh h\u00ecnh, k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n c\u00e1c ch\u1ec9 ti\u00eau \u0111\u01b0\u1ee3c giao t\u1ea1i K\u1ebf ho\u1ea1ch n\u00e0y trong b\u00e1o c\u00e1o k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n c\u00f4ng t\u00e1c c\u1ea3i c\u00e1ch TTHC h\u00e0ng th\u00e1ng.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "monthly", "deadline_text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "due_date": null, "recurrence": {"kind": "monthly", "text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "first_period": "2025-08", "last_period": "2025-12", "submit_within_working_days": 2}, "expected_output": "B\u00e1o c\u00e1o k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n c\u00f4ng t\u00e1c c\u1ea3i c\u00e1ch TTHC h\u00e0ng th\u00e1ng, c\u00f3 n\u1ed9i dung v\u1ec1 c\u00e1c ch\u1ec9 ti\u00eau \u0111\u01b0\u1ee3c giao t\u1ea1i K\u1ebf ho\u1ea1ch", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(20,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.2.1',19,'null','{"section": "III.2", "title": "T\u1ed5ng h\u1ee3p b\u00e1o c\u00e1o k\u1ebft qu\u1ea3 c\u1ea3i c\u00e1ch TTHC h\u00e0ng th\u00e1ng g\u1eedi V\u0103n ph\u00f2ng UBND t\u1ec9nh", "description": "Ch\u1ee7 tr\u00ec, ph\u1ed1i h\u1ee3p v\u1edbi c\u00e1c ph\u00f2ng chuy\u00ean m\u00f4n thu\u1ed9c UBND x\u00e3 t\u1ed5ng h\u1ee3p t\u00ecnh h\u00ecnh, k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n K\u1ebf ho\u1ea1ch n\u00e0y trong b\u00e1o c\u00e1o t\u00ecnh h\u00ecnh, k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n nhi\u1ec7m v\u1ee5 c\u1ea3i c\u00e1ch TTHC \u0111\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng b\u00e1o c\u00e1o V\u0103n ph\u00f2ng UBND t\u1ec9nh theo quy \u0111\u1ecbnh.", "lead_unit_id": 4, "coordinating_unit_ids": [1, 2, 3], "deadline_kind": "monthly", "deadline_text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "due_date": null, "recurrence": {"kind": "monthly", "text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "first_period": "2025-08", "last_period": "2025-12", "submit_within_working_days": 2}, "expected_output": "B\u00e1o c\u00e1o t\u00ecnh h\u00ecnh, k\u1ebft qu\u1ea3 th\u1ef1c hi\u1ec7n nhi\u1ec7m v\u1ee5 c\u1ea3i c\u00e1ch TTHC \u0111\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng g\u1eedi V\u0103n ph\u00f2ng UBND t\u1ec9nh", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(21,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.2.2',20,'null','{"section": "III.2", "title": "Theo d\u00f5i, \u0111\u00f4n \u0111\u1ed1c n\u00e2ng cao k\u1ebft qu\u1ea3 B\u1ed9 ch\u1ec9 s\u1ed1 ph\u1ee5c v\u1ee5 ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p", "description": "Theo d\u00f5i, \u0111\u00f4n \u0111\u1ed1c vi\u1ec7c th\u1ef1c hi\u1ec7n c\u00e1c nhi\u1ec7m v\u1ee5 nh\u1eb1m n\u00e2ng cao k\u1ebft qu\u1ea3 B\u1ed9 ch\u1ec9 s\u1ed1 ph\u1ee5c v\u1ee5 ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p trong gi\u1ea3i quy\u1ebft TTHC c\u1ee7a t\u1ec9nh theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 766/Q\u0110-TTg c\u1ee7a Th\u1ee7 t\u01b0\u1edbng Ch\u00ednh ph\u1ee7.", "lead_unit_id": 4, "coordinating_unit_ids": [], "deadline_kind": "standing", "deadline_text": "Th\u01b0\u1eddng xuy\u00ean", "due_date": null, "recurrence": null, "expected_output": "K\u1ebft qu\u1ea3 B\u1ed9 ch\u1ec9 s\u1ed1 ph\u1ee5c v\u1ee5 ng\u01b0\u1eddi d\u00e2n, doanh nghi\u1ec7p trong gi\u1ea3i quy\u1ebft TTHC \u0111\u01b0\u1ee3c theo d\u00f5i, \u0111\u00f4n \u0111\u1ed1c n\u00e2ng cao", "legal_basis": "Quy\u1ebft \u0111\u1ecbnh s\u1ed1 766/Q\u0110-TTg c\u1ee7a Th\u1ee7 t\u01b0\u1edbng Ch\u00ednh ph\u1ee7"}');
INSERT INTO "auditevent" VALUES(22,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.2.3',21,'null','{"section": "III.2", "title": "Theo d\u00f5i vi\u1ec7c gi\u1ea3i quy\u1ebft TTHC, tham m\u01b0u Ch\u1ee7 t\u1ecbch UBND x\u00e3 x\u1eed l\u00fd vi ph\u1ea1m", "description": "Ti\u1ebfp t\u1ee5c theo d\u00f5i ch\u1eb7t ch\u1ebd vi\u1ec7c gi\u1ea3i quy\u1ebft TTHC tr\u00ean \u0111\u1ecba b\u00e0n x\u00e3 \u0111\u1ec3 tham m\u01b0u Ch\u1ee7 t\u1ecbch UBND x\u00e3 ch\u1ec9 \u0111\u1ea1o, x\u1eed l\u00fd k\u1ecbp th\u1eddi \u0111\u1ed1i v\u1edbi c\u00e1c c\u01a1 quan, \u0111\u01a1n v\u1ecb v\u00e0 c\u00e1c c\u00e1 nh\u00e2n vi ph\u1ea1m c\u00e1c quy \u0111\u1ecbnh v\u1ec1 gi\u1ea3i quy\u1ebft TTHC v\u00e0 kh\u00f4ng \u0111\u1ea1t t\u1ef7 l\u1ec7 \u0111\u01b0\u1ee3c giao theo quy \u0111\u1ecbnh.", "lead_unit_id": 4, "coordinating_unit_ids": [], "deadline_kind": "standing", "deadline_text": "Ti\u1ebfp t\u1ee5c theo d\u00f5i ch\u1eb7t ch\u1ebd (th\u01b0\u1eddng xuy\u00ean)", "due_date": null, "recurrence": null, "expected_output": "V\u0103n b\u1ea3n tham m\u01b0u Ch\u1ee7 t\u1ecbch UBND x\u00e3 ch\u1ec9 \u0111\u1ea1o, x\u1eed l\u00fd c\u00e1c c\u01a1 quan, \u0111\u01a1n v\u1ecb, c\u00e1 nh\u00e2n vi ph\u1ea1m quy \u0111\u1ecbnh v\u1ec1 gi\u1ea3i quy\u1ebft TTHC", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(23,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','task.create','task III.2.4',22,'null','{"section": "III.2", "title": "T\u1ed5ng h\u1ee3p kh\u00f3 kh\u0103n, v\u01b0\u1edbng m\u1eafc, tham m\u01b0u UBND x\u00e3 b\u00e1o c\u00e1o UBND t\u1ec9nh", "description": "Trong qu\u00e1 tr\u00ecnh th\u1ef1c hi\u1ec7n, n\u1ebfu c\u00f3 kh\u00f3 kh\u0103n, v\u01b0\u1edbng m\u1eafc c\u00e1c ph\u00f2ng ban chuy\u00ean m\u00f4n g\u1eedi v\u0103n b\u1ea3n v\u1ec1 Ph\u00f2ng V\u0103n h\u00f3a \u2013 x\u00e3 h\u1ed9i x\u00e3 \u0111\u1ec3 t\u1ed5ng h\u1ee3p tham m\u01b0u UBND x\u00e3 b\u00e1o c\u00e1o UBND t\u1ec9nh (qua V\u0103n ph\u00f2ng UBND t\u1ec9nh) theo quy \u0111\u1ecbnh.", "lead_unit_id": 2, "coordinating_unit_ids": [1, 3, 4], "deadline_kind": "standing", "deadline_text": "Trong qu\u00e1 tr\u00ecnh th\u1ef1c hi\u1ec7n, khi c\u00f3 kh\u00f3 kh\u0103n, v\u01b0\u1edbng m\u1eafc", "due_date": null, "recurrence": null, "expected_output": "V\u0103n b\u1ea3n t\u1ed5ng h\u1ee3p kh\u00f3 kh\u0103n, v\u01b0\u1edbng m\u1eafc, tham m\u01b0u UBND x\u00e3 b\u00e1o c\u00e1o UBND t\u1ec9nh (qua V\u0103n ph\u00f2ng UBND t\u1ec9nh)", "legal_basis": "K\u1ebf ho\u1ea1ch ban h\u00e0nh k\u00e8m theo Quy\u1ebft \u0111\u1ecbnh s\u1ed1 \u2026/Q\u0110-UBND c\u1ee7a UBND x\u00e3 Cam Hi\u1ec7p"}');
INSERT INTO "auditevent" VALUES(24,1,'2025-08-20 02:01:00.000000','canbo (dòng lệnh)',NULL,'seed','plan.seed','plan cai-cach-tthc-2025',NULL,'null','{"created": {"communes": 1, "workday_overrides": 2, "units": 4, "people": 1, "plans": 1, "tasks": 22, "occurrences": 15, "kpis": 10}, "updated": {}}');
INSERT INTO "auditevent" VALUES(25,1,'2025-08-20 02:10:00.000000','canbo (dòng lệnh)',NULL,'cli','person.create','person Nguyễn Thị Hoa',NULL,'null','{"id": 2, "name": "Nguy\u1ec5n Th\u1ecb Hoa", "role": "head", "unit": 1, "email": "hoa.nt@camhiep.example.invalid", "telegram_chat_id": null, "zalo_chat_id": null, "channels": null, "active": true}');
INSERT INTO "auditevent" VALUES(26,1,'2025-08-20 02:11:00.000000','canbo (dòng lệnh)',NULL,'cli','person.create','person Trần Văn Bình',NULL,'null','{"id": 3, "name": "Tr\u1ea7n V\u0103n B\u00ecnh", "role": "head", "unit": 3, "email": "binh.tv@camhiep.example.invalid", "telegram_chat_id": null, "zalo_chat_id": null, "channels": null, "active": true}');
INSERT INTO "auditevent" VALUES(27,1,'2025-08-21 01:00:00.000000','canbo (dòng lệnh)',NULL,'cli','person.invite','person Nguyễn Thị Hoa',NULL,'null','{"expires_at": "2025-08-24T08:00:00+07:00", "hours": 72}');
INSERT INTO "auditevent" VALUES(28,1,'2025-08-21 01:00:00.000000','Nguyễn Thị Hoa',2,'telegram','person.link','person Nguyễn Thị Hoa',NULL,'{"telegram_chat_id": null, "telegram_unreachable": false}','{"telegram_chat_id": 424242, "telegram_unreachable": false}');
INSERT INTO "auditevent" VALUES(29,1,'2025-08-21 01:05:00.000000','canbo (dòng lệnh)',NULL,'cli','person.invite','person Trần Văn Bình',NULL,'null','{"expires_at": "2025-08-23T01:05:00+00:00", "hours": 48}');
INSERT INTO "auditevent" VALUES(30,1,'2025-09-24 03:00:00.000000','Nguyễn Thị Hoa',2,'cli','task.done','task II.2.b.2',14,'{"status": "in_progress"}','{"status": "done_on_time", "completed_at": "2025-09-24T10:00:00+07:00", "period": null, "note": null, "evidence_url": null}');
INSERT INTO "auditevent" VALUES(31,1,'2025-09-17 02:00:00.000000','Nguyễn Thị Hoa',2,'cli','task.done','task II.2.a.7 (2025-08)',12,'{"status": "overdue"}','{"status": "done_late", "completed_at": "2025-09-17T09:00:00+07:00", "period": "2025-08", "note": null, "evidence_url": null}');
INSERT INTO "auditevent" VALUES(32,1,'2025-09-18 02:00:00.000000','canbo (dòng lệnh)',NULL,'cli','task.done','task II.1.a',1,'{"status": "no_deadline"}','{"status": "done_on_time", "completed_at": "2025-09-18T09:00:00+07:00", "period": null, "note": "\u0110\u00e3 g\u00f3p \u00fd d\u1ef1 th\u1ea3o", "evidence_url": null}');
INSERT INTO "auditevent" VALUES(33,1,'2025-09-25 07:00:00.000000','canbo (dòng lệnh)',NULL,'cli','task.extend','task II.2.b.1',13,'{"due_date": "2025-09-30", "status": "in_progress"}','{"due_date": "2025-10-31", "status": "in_progress", "reason": "Ch\u1edd n\u00e2ng c\u1ea5p ph\u1ea7n m\u1ec1m", "approved_by": "B\u00f9i Quang Nam", "period": null, "decided_at": null}');
CREATE TABLE commune (
	id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	province VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "commune" VALUES(1,'cam-hiep','Xã Cam Hiệp','Khánh Hòa');
CREATE TABLE completion (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	occurrence_id INTEGER, 
	commune_id INTEGER NOT NULL, 
	completed_at DATETIME NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	person_id INTEGER, 
	actor VARCHAR NOT NULL, 
	channel VARCHAR NOT NULL, 
	note VARCHAR, 
	evidence_url VARCHAR, 
	revoked_at DATETIME, 
	revoked_reason VARCHAR, 
	revoked_by VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(occurrence_id) REFERENCES occurrence (id), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);
INSERT INTO "completion" VALUES(1,14,NULL,1,'2025-09-24 03:00:00.000000','2025-09-24 03:00:00.000000',2,'Nguyễn Thị Hoa','cli',NULL,NULL,NULL,NULL,NULL);
INSERT INTO "completion" VALUES(2,12,1,1,'2025-09-17 02:00:00.000000','2025-09-17 02:00:00.000000',2,'Nguyễn Thị Hoa','cli',NULL,NULL,NULL,NULL,NULL);
INSERT INTO "completion" VALUES(3,1,NULL,1,'2025-09-18 02:00:00.000000','2025-09-18 02:00:00.000000',NULL,'canbo (dòng lệnh)','cli','Đã góp ý dự thảo',NULL,NULL,NULL,NULL);
CREATE TABLE escalationack (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	occurrence_id INTEGER, 
	person_id INTEGER NOT NULL, 
	outbox_id INTEGER, 
	deadline DATE NOT NULL, 
	acked_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(occurrence_id) REFERENCES occurrence (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(outbox_id) REFERENCES outboxmessage (id)
);
CREATE TABLE extension (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	occurrence_id INTEGER, 
	commune_id INTEGER NOT NULL, 
	previous_due DATE NOT NULL, 
	new_due DATE NOT NULL, 
	reason VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	requested_by VARCHAR, 
	requested_at DATETIME NOT NULL, 
	approved_by_id INTEGER, 
	approved_by VARCHAR, 
	decided_at DATETIME, 
	channel VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(occurrence_id) REFERENCES occurrence (id), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	FOREIGN KEY(approved_by_id) REFERENCES person (id)
);
INSERT INTO "extension" VALUES(1,13,NULL,1,'2025-09-30','2025-10-31','Chờ nâng cấp phần mềm','approved','canbo (dòng lệnh)','2025-09-25 07:00:00.000000',1,'Bùi Quang Nam','2025-09-25 07:00:00.000000','cli');
CREATE TABLE kpi (
	id INTEGER NOT NULL, 
	commune_id INTEGER NOT NULL, 
	plan_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	group_title VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	lead_unit_ids JSON NOT NULL, 
	evaluating_unit_ids JSON NOT NULL, 
	target FLOAT NOT NULL, 
	comparison VARCHAR NOT NULL, 
	target_text VARCHAR NOT NULL, 
	unit_of_measure VARCHAR NOT NULL, 
	window VARCHAR NOT NULL, 
	legal_basis VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, code), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id)
);
INSERT INTO "kpi" VALUES(1,1,1,0,'I.1','Chỉ tiêu về thực hiện thủ tục hành chính trên môi trường điện tử','Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia trên tổng số giao dịch thanh toán của dịch vụ công','[4]','[]',60.0,'gte','60','%','calendar_month','Thực hiện theo Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 1, số thứ tự thứ 2).');
INSERT INTO "kpi" VALUES(2,1,1,1,'I.2','Chỉ tiêu về thực hiện thủ tục hành chính trên môi trường điện tử','Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận, giải quyết thủ tục hành chính','[4]','[]',60.0,'gte','60','%','calendar_month','Thực hiện theo Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 1, số thứ tự thứ 3).');
INSERT INTO "kpi" VALUES(3,1,1,2,'I.3','Chỉ tiêu về thực hiện thủ tục hành chính trên môi trường điện tử','Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính','[4]','[1, 2, 3]',80.0,'gte','80','%','calendar_month','Thực hiện theo Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 1, số thứ tự thứ 4).');
INSERT INTO "kpi" VALUES(4,1,1,3,'I.4','Chỉ tiêu về thực hiện thủ tục hành chính trên môi trường điện tử','Tỷ lệ kết quả xử lý hồ sơ TTHC được đồng bộ đầy đủ trên Cổng Dịch vụ công quốc gia','[4]','[1, 2, 3]',100.0,'gte','100','%','calendar_month','Thực hiện theo Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 1, số thứ tự thứ 5).');
INSERT INTO "kpi" VALUES(5,1,1,4,'II.1','Thực hiện chỉ tiêu về nâng cao chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công trực tuyến','Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử','[4]','[1, 2, 3]',100.0,'gte','100','%','calendar_month','Thực hiện theo Nghị quyết số 02/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 2, số thứ tự thứ 1)');
INSERT INTO "kpi" VALUES(6,1,1,5,'II.2','Thực hiện chỉ tiêu về nâng cao chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công trực tuyến','Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa','[4]','[1, 2, 3]',50.0,'gte','Tối thiểu 50','%','calendar_month','Thực hiện theo Nghị quyết số 02/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 2, số thứ tự thứ 2)');
INSERT INTO "kpi" VALUES(7,1,1,6,'II.3','Thực hiện chỉ tiêu về nâng cao chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công trực tuyến','Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn','[4]','[1, 2, 3]',100.0,'gte','100','%','calendar_month','Thực hiện theo Nghị quyết số 02/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ (Phần II Phụ lục, Mục 2, số thứ tự thứ 3)');
INSERT INTO "kpi" VALUES(8,1,1,7,'II.4','Thực hiện chỉ tiêu về nâng cao chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công trực tuyến','Mức độ hài lòng trong tiếp nhận giải quyết thủ tục hành chính của người dân, doanh nghiệp','[4]','[1, 2, 3]',90.0,'gte','Tối thiểu 90','%','calendar_month','Thực hiện theo Nghị quyết số 02/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ (Phần II Phụ lục, Mục 2, số thứ tự thứ 4).');
INSERT INTO "kpi" VALUES(9,1,1,8,'III.1','Chỉ tiêu về tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng','Tỷ lệ văn bản, hồ sơ công việc (trừ văn bản, hồ sơ có chứa nội dung bí mật nhà nước) của các cấp chính quyền được thực hiện toàn trình trên Hệ thống Quản lý văn bản và điều hành (Không xử lý song song văn bản, hồ sơ điện tử và văn bản, hồ sơ giấy)','[1, 2, 3, 4]','[4]',90.0,'gte','90','%','report_period','Thực hiện theo Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ (Phần II Phụ lục, Mục 1, số thứ tự thứ 9)');
INSERT INTO "kpi" VALUES(10,1,1,9,'III.2','Chỉ tiêu về tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng','Tỷ lệ thông tin, số liệu về tình hình xử lý, kết quả xử lý văn bản, hồ sơ công việc của địa phương theo nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao được đồng bộ với các hệ thống thông tin phục vụ chỉ đạo, điều hành của Chính phủ, Thủ tướng Chính phủ qua Trục liên thông văn bản quốc gia','[1, 2, 3, 4]','[4]',100.0,'gte','100','%','report_period','Thực hiện theo Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ và theo Công văn số 476/VPCP- KSTT ngày 17/01/2025 của Văn phòng Chính phủ. (Phần II Phụ lục, Mục 1, số thứ tự thứ 10)');
CREATE TABLE kpireading (
	id INTEGER NOT NULL, 
	kpi_id INTEGER NOT NULL, 
	period VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	numerator FLOAT, 
	denominator FLOAT, 
	window_kind VARCHAR NOT NULL, 
	window_start DATE NOT NULL, 
	window_end DATE NOT NULL, 
	source VARCHAR, 
	recorded_at DATETIME NOT NULL, 
	recorded_by VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (kpi_id, period), 
	FOREIGN KEY(kpi_id) REFERENCES kpi (id)
);
CREATE TABLE linkcode (
	id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	code_hash VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_by VARCHAR NOT NULL, 
	used_at DATETIME, 
	used_chat_id BIGINT, 
	revoked_at DATETIME, used_channel VARCHAR, used_address VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	UNIQUE (code_hash)
);
INSERT INTO "linkcode" VALUES(1,2,'72a2411d2a016bdb78e339c37332feb1084200479572df8fe1e09fa2db27b436','2025-08-21 01:00:00.000000','2025-08-24 01:00:00.000000','canbo (dòng lệnh)','2025-08-21 01:00:00.000000',424242,NULL,'telegram','424242');
INSERT INTO "linkcode" VALUES(2,3,'815001cd8228eed1f8feb098b8c0ec814b1ac1573b4a977a80e2d6cf1bbbc3c7','2025-08-21 01:05:00.000000','2025-08-23 01:05:00.000000','canbo (dòng lệnh)',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE occurrence (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	commune_id INTEGER NOT NULL, 
	period VARCHAR NOT NULL, 
	window_start DATE NOT NULL, 
	window_end DATE NOT NULL, 
	due_date DATE NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (task_id, period), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(commune_id) REFERENCES commune (id)
);
INSERT INTO "occurrence" VALUES(1,12,1,'2025-08','2025-07-15','2025-08-14','2025-08-18');
INSERT INTO "occurrence" VALUES(2,12,1,'2025-09','2025-08-15','2025-09-14','2025-09-16');
INSERT INTO "occurrence" VALUES(3,12,1,'2025-10','2025-09-15','2025-10-14','2025-10-16');
INSERT INTO "occurrence" VALUES(4,12,1,'2025-11','2025-10-15','2025-11-14','2025-11-18');
INSERT INTO "occurrence" VALUES(5,12,1,'2025-12','2025-11-15','2025-12-14','2025-12-16');
INSERT INTO "occurrence" VALUES(6,18,1,'2025-08','2025-07-15','2025-08-14','2025-08-18');
INSERT INTO "occurrence" VALUES(7,18,1,'2025-09','2025-08-15','2025-09-14','2025-09-16');
INSERT INTO "occurrence" VALUES(8,18,1,'2025-10','2025-09-15','2025-10-14','2025-10-16');
INSERT INTO "occurrence" VALUES(9,18,1,'2025-11','2025-10-15','2025-11-14','2025-11-18');
INSERT INTO "occurrence" VALUES(10,18,1,'2025-12','2025-11-15','2025-12-14','2025-12-16');
INSERT INTO "occurrence" VALUES(11,19,1,'2025-08','2025-07-15','2025-08-14','2025-08-18');
INSERT INTO "occurrence" VALUES(12,19,1,'2025-09','2025-08-15','2025-09-14','2025-09-16');
INSERT INTO "occurrence" VALUES(13,19,1,'2025-10','2025-09-15','2025-10-14','2025-10-16');
INSERT INTO "occurrence" VALUES(14,19,1,'2025-11','2025-10-15','2025-11-14','2025-11-18');
INSERT INTO "occurrence" VALUES(15,19,1,'2025-12','2025-11-15','2025-12-14','2025-12-16');
CREATE TABLE outboxmessage (
	id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	commune_id INTEGER, 
	kind VARCHAR NOT NULL, 
	rule VARCHAR NOT NULL, 
	task_id INTEGER, 
	occurrence_id INTEGER, 
	person_id INTEGER, 
	channel VARCHAR NOT NULL, 
	address VARCHAR NOT NULL, 
	slot VARCHAR NOT NULL, 
	subject VARCHAR NOT NULL, 
	body_text VARCHAR NOT NULL, 
	body_html VARCHAR, 
	buttons JSON NOT NULL, 
	status VARCHAR NOT NULL, 
	attempts INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	due_at DATETIME NOT NULL, 
	next_attempt_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	external_id VARCHAR, 
	last_error VARCHAR, 
	claimed_by VARCHAR, 
	claimed_at DATETIME, 
	deadline DATE, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(occurrence_id) REFERENCES occurrence (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);
INSERT INTO "outboxmessage" VALUES(1,'o2:escalation_weekly:1:console:2025-10-02',1,'escalation','escalation_weekly',12,2,1,'console','Bùi Quang Nam','2025-10-02','[Báo cáo Chủ tịch] II.2.a.7 (2025-09) quá hạn 12 ngày làm việc (Trung tâm Phục vụ hành chính công)','Kính gửi đồng chí Bùi Quang Nam,

Nhiệm vụ dưới đây đã quá hạn 12 ngày làm việc mà chưa được báo hoàn thành.

Nhiệm vụ: II.2.a.7 (2025-09) — Công khai tiến độ giải quyết hồ sơ TTHC và kết quả đánh giá chất lượng phục vụ hàng tháng
Đơn vị chủ trì: Trung tâm Phục vụ hành chính công
Thời hạn: 16/09/2025 (Định kỳ hàng tháng)
Trung tâm Phục vụ hành chính công chưa có trưởng đơn vị đăng ký nhận nhắc việc: đề nghị đồng chí phân công người phụ trách.

Đồng chí có thể chỉ đạo hoàn thành, hoặc gia hạn: gửi /giahan II.2.a.7 2025-09 NGÀY lý do trên Telegram hoặc Zalo, hoặc giao cán bộ CNTT ghi nhận.
Thông báo này lặp lại mỗi tuần cho đến khi nhiệm vụ hoàn thành (bấm «Đã xem» trên Telegram hoặc trả lời /daxem II.2.a.7 2025-09 trên Zalo để dừng nhắc lại với thời hạn hiện tại).

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp',NULL,'[]','sent',1,'2025-10-02 01:00:00.000000','2025-10-02 00:30:00.000000','2025-10-02 01:00:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,'2025-09-16');
INSERT INTO "outboxmessage" VALUES(2,'o6:escalation_weekly:1:console:2025-10-01',1,'escalation','escalation_weekly',18,6,1,'console','Bùi Quang Nam','2025-10-01','[Báo cáo Chủ tịch] III.1.4 (2025-08) quá hạn 31 ngày làm việc (Phòng Văn hóa - Xã hội)','Kính gửi đồng chí Bùi Quang Nam,

Nhiệm vụ dưới đây đã quá hạn 31 ngày làm việc mà chưa được báo hoàn thành.

Nhiệm vụ: III.1.4 (2025-08) — Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch trong báo cáo cải cách TTHC hàng tháng
Đơn vị chủ trì: Phòng Văn hóa - Xã hội
Thời hạn: 18/08/2025 (Định kỳ hàng tháng)
Phòng Văn hóa - Xã hội chưa có trưởng đơn vị đăng ký nhận nhắc việc: đề nghị đồng chí phân công người phụ trách.

Đồng chí có thể chỉ đạo hoàn thành, hoặc gia hạn: gửi /giahan III.1.4 2025-08 NGÀY lý do trên Telegram hoặc Zalo, hoặc giao cán bộ CNTT ghi nhận.
Thông báo này lặp lại mỗi tuần cho đến khi nhiệm vụ hoàn thành (bấm «Đã xem» trên Telegram hoặc trả lời /daxem III.1.4 2025-08 trên Zalo để dừng nhắc lại với thời hạn hiện tại).

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp',NULL,'[]','sent',1,'2025-10-02 01:00:00.000000','2025-10-01 00:30:00.000000','2025-10-02 01:00:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,'2025-08-18');
INSERT INTO "outboxmessage" VALUES(3,'o7:escalation_weekly:1:console:2025-10-02',1,'escalation','escalation_weekly',18,7,1,'console','Bùi Quang Nam','2025-10-02','[Báo cáo Chủ tịch] III.1.4 (2025-09) quá hạn 12 ngày làm việc (Phòng Văn hóa - Xã hội)','Kính gửi đồng chí Bùi Quang Nam,

Nhiệm vụ dưới đây đã quá hạn 12 ngày làm việc mà chưa được báo hoàn thành.

Nhiệm vụ: III.1.4 (2025-09) — Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch trong báo cáo cải cách TTHC hàng tháng
Đơn vị chủ trì: Phòng Văn hóa - Xã hội
Thời hạn: 16/09/2025 (Định kỳ hàng tháng)
Phòng Văn hóa - Xã hội chưa có trưởng đơn vị đăng ký nhận nhắc việc: đề nghị đồng chí phân công người phụ trách.

Đồng chí có thể chỉ đạo hoàn thành, hoặc gia hạn: gửi /giahan III.1.4 2025-09 NGÀY lý do trên Telegram hoặc Zalo, hoặc giao cán bộ CNTT ghi nhận.
Thông báo này lặp lại mỗi tuần cho đến khi nhiệm vụ hoàn thành (bấm «Đã xem» trên Telegram hoặc trả lời /daxem III.1.4 2025-09 trên Zalo để dừng nhắc lại với thời hạn hiện tại).

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp',NULL,'[]','sent',1,'2025-10-02 01:00:00.000000','2025-10-02 00:30:00.000000','2025-10-02 01:00:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,'2025-09-16');
INSERT INTO "outboxmessage" VALUES(4,'o11:escalation_weekly:1:console:2025-10-01',1,'escalation','escalation_weekly',19,11,1,'console','Bùi Quang Nam','2025-10-01','[Báo cáo Chủ tịch] III.2.1 (2025-08) quá hạn 31 ngày làm việc (Trung tâm Phục vụ hành chính công)','Kính gửi đồng chí Bùi Quang Nam,

Nhiệm vụ dưới đây đã quá hạn 31 ngày làm việc mà chưa được báo hoàn thành.

Nhiệm vụ: III.2.1 (2025-08) — Tổng hợp báo cáo kết quả cải cách TTHC hàng tháng gửi Văn phòng UBND tỉnh
Đơn vị chủ trì: Trung tâm Phục vụ hành chính công
Thời hạn: 18/08/2025 (Định kỳ hàng tháng)
Trung tâm Phục vụ hành chính công chưa có trưởng đơn vị đăng ký nhận nhắc việc: đề nghị đồng chí phân công người phụ trách.

Đồng chí có thể chỉ đạo hoàn thành, hoặc gia hạn: gửi /giahan III.2.1 2025-08 NGÀY lý do trên Telegram hoặc Zalo, hoặc giao cán bộ CNTT ghi nhận.
Thông báo này lặp lại mỗi tuần cho đến khi nhiệm vụ hoàn thành (bấm «Đã xem» trên Telegram hoặc trả lời /daxem III.2.1 2025-08 trên Zalo để dừng nhắc lại với thời hạn hiện tại).

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp',NULL,'[]','sent',1,'2025-10-02 01:00:00.000000','2025-10-01 00:30:00.000000','2025-10-02 01:00:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,'2025-08-18');
INSERT INTO "outboxmessage" VALUES(5,'o12:escalation_weekly:1:console:2025-10-02',1,'escalation','escalation_weekly',19,12,1,'console','Bùi Quang Nam','2025-10-02','[Báo cáo Chủ tịch] III.2.1 (2025-09) quá hạn 12 ngày làm việc (Trung tâm Phục vụ hành chính công)','Kính gửi đồng chí Bùi Quang Nam,

Nhiệm vụ dưới đây đã quá hạn 12 ngày làm việc mà chưa được báo hoàn thành.

Nhiệm vụ: III.2.1 (2025-09) — Tổng hợp báo cáo kết quả cải cách TTHC hàng tháng gửi Văn phòng UBND tỉnh
Đơn vị chủ trì: Trung tâm Phục vụ hành chính công
Thời hạn: 16/09/2025 (Định kỳ hàng tháng)
Trung tâm Phục vụ hành chính công chưa có trưởng đơn vị đăng ký nhận nhắc việc: đề nghị đồng chí phân công người phụ trách.

Đồng chí có thể chỉ đạo hoàn thành, hoặc gia hạn: gửi /giahan III.2.1 2025-09 NGÀY lý do trên Telegram hoặc Zalo, hoặc giao cán bộ CNTT ghi nhận.
Thông báo này lặp lại mỗi tuần cho đến khi nhiệm vụ hoàn thành (bấm «Đã xem» trên Telegram hoặc trả lời /daxem III.2.1 2025-09 trên Zalo để dừng nhắc lại với thời hạn hiện tại).

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp',NULL,'[]','sent',1,'2025-10-02 01:00:00.000000','2025-10-02 00:30:00.000000','2025-10-02 01:00:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,'2025-09-16');
INSERT INTO "outboxmessage" VALUES(6,'c1:digest_weekly:1:console:2025-09-29',1,'digest','digest_weekly',NULL,NULL,1,'console','Bùi Quang Nam','2025-09-29','[Tổng hợp tuần 29/09/2025] Xã Cam Hiệp: 5 quá hạn, 0 sắp đến hạn','Kính gửi đồng chí Bùi Quang Nam,

Tình hình thực hiện kế hoạch (Xã Cam Hiệp) tính đến 02/10/2025 08:00.

1. Nhiệm vụ quá hạn: 5
   - II.2.a.7 (2025-09) — Công khai tiến độ giải quyết hồ sơ TTHC và kết quả đánh giá chất lượng phục vụ hàng tháng (Trung tâm Phục vụ hành chính công; hạn 16/09/2025; quá 12 ngày làm việc)
   - III.1.4 (2025-08) — Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch trong báo cáo cải cách TTHC hàng tháng (Phòng Văn hóa - Xã hội; hạn 18/08/2025; quá 31 ngày làm việc)
   - III.1.4 (2025-09) — Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch trong báo cáo cải cách TTHC hàng tháng (Phòng Văn hóa - Xã hội; hạn 16/09/2025; quá 12 ngày làm việc)
   - III.2.1 (2025-08) — Tổng hợp báo cáo kết quả cải cách TTHC hàng tháng gửi Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công; hạn 18/08/2025; quá 31 ngày làm việc)
   - III.2.1 (2025-09) — Tổng hợp báo cáo kết quả cải cách TTHC hàng tháng gửi Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công; hạn 16/09/2025; quá 12 ngày làm việc)

2. Sắp đến hạn trong 7 ngày: 0
   Không có.

3. Nhiệm vụ chưa có người phụ trách (đơn vị chưa có trưởng đơn vị đăng ký): 5
   - II.2.a.7 (2025-09) — Trung tâm Phục vụ hành chính công; hạn 16/09/2025
   - III.1.4 (2025-08) — Phòng Văn hóa - Xã hội; hạn 18/08/2025
   - III.1.4 (2025-09) — Phòng Văn hóa - Xã hội; hạn 16/09/2025
   - III.2.1 (2025-08) — Trung tâm Phục vụ hành chính công; hạn 18/08/2025
   - III.2.1 (2025-09) — Trung tâm Phục vụ hành chính công; hạn 16/09/2025
   Đơn vị chưa có trưởng đơn vị: Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính công

4. Thông báo gửi không thành công: 0

5. Người không còn nhận được tin nhắn qua ứng dụng (đã chặn bot hoặc không còn cuộc trò chuyện): 0

6. Chỉ tiêu chưa đạt theo số liệu gần nhất: 0

7. Đề nghị gia hạn chờ duyệt: 0
   Không có.

Xem danh sách nhiệm vụ quá hạn: gửi /quahan cho bot Telegram hoặc Zalo, hoặc liên hệ Văn phòng UBND xã.

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp',NULL,'[]','sent',1,'2025-10-02 01:00:00.000000','2025-09-29 00:30:00.000000','2025-10-02 01:00:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,NULL);
INSERT INTO "outboxmessage" VALUES(7,'c1:digest_weekly:2:email:2025-09-29',1,'digest','digest_weekly',NULL,NULL,2,'email','hoa.nt@camhiep.example.invalid','2025-09-29','[Tổng hợp tuần 29/09/2025] Văn phòng HĐND và UBND xã: 0 quá hạn, 0 sắp đến hạn','Kính gửi đồng chí Nguyễn Thị Hoa,

Tình hình thực hiện kế hoạch (Văn phòng HĐND và UBND xã) tính đến 02/10/2025 08:00.

1. Nhiệm vụ quá hạn: 0
   Không có.

2. Sắp đến hạn trong 7 ngày: 0
   Không có.

Xem danh sách nhiệm vụ quá hạn: gửi /quahan cho bot Telegram hoặc Zalo, hoặc liên hệ Văn phòng UBND xã.

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp','<p>Kính gửi đồng chí Nguyễn Thị Hoa,</p>
<p>Tình hình thực hiện kế hoạch (<b>Văn phòng HĐND và UBND xã</b>) tính đến 02/10/2025 08:00.</p>
<h3>Nhiệm vụ quá hạn: 0</h3>
<p>Không có.</p>
<h3>Sắp đến hạn trong 7 ngày: 0</h3>
<p>Không có.</p>
<p>Xem danh sách nhiệm vụ quá hạn: gửi <code>/quahan</code> cho bot Telegram hoặc Zalo, hoặc liên hệ Văn phòng UBND xã.</p>
<p>— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp</p>','[]','pending',0,'2025-10-02 01:00:00.000000','2025-09-29 00:30:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "outboxmessage" VALUES(8,'c1:digest_weekly:2:telegram:2025-09-29',1,'digest','digest_weekly',NULL,NULL,2,'telegram','424242','2025-09-29','[Tổng hợp tuần 29/09/2025] Văn phòng HĐND và UBND xã: 0 quá hạn, 0 sắp đến hạn','Kính gửi đồng chí Nguyễn Thị Hoa,

Tình hình thực hiện kế hoạch (Văn phòng HĐND và UBND xã) tính đến 02/10/2025 08:00.

1. Nhiệm vụ quá hạn: 0
   Không có.

2. Sắp đến hạn trong 7 ngày: 0
   Không có.

Xem danh sách nhiệm vụ quá hạn: gửi /quahan cho bot Telegram hoặc Zalo, hoặc liên hệ Văn phòng UBND xã.

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp','📋 <b>Tổng hợp tuần 29/09/2025 — Văn phòng HĐND và UBND xã</b>
Tính đến 02/10/2025 08:00

<b>Quá hạn: 0</b>

<b>Sắp đến hạn (7 ngày): 0</b>

<i>— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp</i>','[]','pending',0,'2025-10-02 01:00:00.000000','2025-09-29 00:30:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "outboxmessage" VALUES(9,'c1:digest_weekly:3:email:2025-09-29',1,'digest','digest_weekly',NULL,NULL,3,'email','binh.tv@camhiep.example.invalid','2025-09-29','[Tổng hợp tuần 29/09/2025] Phòng Kinh tế: 0 quá hạn, 0 sắp đến hạn','Kính gửi đồng chí Trần Văn Bình,

Tình hình thực hiện kế hoạch (Phòng Kinh tế) tính đến 02/10/2025 08:00.

1. Nhiệm vụ quá hạn: 0
   Không có.

2. Sắp đến hạn trong 7 ngày: 0
   Không có.

Xem danh sách nhiệm vụ quá hạn: gửi /quahan cho bot Telegram hoặc Zalo, hoặc liên hệ Văn phòng UBND xã.

— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp','<p>Kính gửi đồng chí Trần Văn Bình,</p>
<p>Tình hình thực hiện kế hoạch (<b>Phòng Kinh tế</b>) tính đến 02/10/2025 08:00.</p>
<h3>Nhiệm vụ quá hạn: 0</h3>
<p>Không có.</p>
<h3>Sắp đến hạn trong 7 ngày: 0</h3>
<p>Không có.</p>
<p>Xem danh sách nhiệm vụ quá hạn: gửi <code>/quahan</code> cho bot Telegram hoặc Zalo, hoặc liên hệ Văn phòng UBND xã.</p>
<p>— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp</p>','[]','pending',0,'2025-10-02 01:00:00.000000','2025-09-29 00:30:00.000000','2025-10-02 01:00:00.000000',NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE "person" (
	id INTEGER NOT NULL, 
	commune_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	unit_id INTEGER, 
	role VARCHAR NOT NULL, 
	email VARCHAR, 
	telegram_chat_id BIGINT, 
	telegram_unreachable BOOLEAN NOT NULL, 
	active BOOLEAN NOT NULL, 
	zalo_chat_id VARCHAR, 
	zalo_unreachable BOOLEAN DEFAULT 0 NOT NULL, 
	channels JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(unit_id) REFERENCES unit (id), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	UNIQUE (commune_id, name)
);
INSERT INTO "person" VALUES(1,1,'Bùi Quang Nam',NULL,'chairman',NULL,NULL,0,1,NULL,0,'null');
INSERT INTO "person" VALUES(2,1,'Nguyễn Thị Hoa',1,'head','hoa.nt@camhiep.example.invalid',424242,0,1,NULL,0,'null');
INSERT INTO "person" VALUES(3,1,'Trần Văn Bình',3,'head','binh.tv@camhiep.example.invalid',NULL,0,1,NULL,0,'null');
CREATE TABLE "plan" (
	id INTEGER NOT NULL, 
	commune_id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	number VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	issuer VARCHAR NOT NULL, 
	signer VARCHAR, 
	issue_date DATE NOT NULL, 
	issue_date_text VARCHAR, 
	year INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (commune_id, code), 
	FOREIGN KEY(commune_id) REFERENCES commune (id)
);
INSERT INTO "plan" VALUES(1,1,'cai-cach-tthc-2025','…/QĐ-UBND','Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa bàn xã Cam Hiệp','Ủy ban nhân dân xã Cam Hiệp','Bùi Quang Nam','2025-08-01','ngày … tháng 8 năm 2025',2025);
CREATE TABLE task (
	id INTEGER NOT NULL, 
	commune_id INTEGER NOT NULL, 
	plan_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	section VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	lead_unit_id INTEGER, 
	coordinating_unit_ids JSON NOT NULL, 
	deadline_kind VARCHAR NOT NULL, 
	deadline_text VARCHAR NOT NULL, 
	due_date DATE, 
	recurrence JSON, 
	expected_output VARCHAR, 
	legal_basis VARCHAR, 
	cancelled_at DATETIME, 
	cancel_reason VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, code), 
	FOREIGN KEY(commune_id) REFERENCES commune (id), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id), 
	FOREIGN KEY(lead_unit_id) REFERENCES unit (id)
);
INSERT INTO "task" VALUES(1,1,1,0,'II.1.a','II.1.a','Góp ý dự thảo văn bản QPPL có quy định TTHC; giám sát, đề xuất sửa đổi quy định TTHC','Thủ trưởng các phòng chuyên môn, Trung tâm Phục vụ hành chính công nghiên cứu, tham mưu UBND xã ý kiến góp ý đối với dự thảo văn bản QPPL liên quan đến quy định TTHC; thường xuyên giám sát, theo dõi việc thực hiện các quy định TTHC sau khi được ban hành; kịp thời phát hiện, có văn bản đề xuất sửa đổi, bổ sung những quy định liên quan đến TTHC không còn phù hợp.',2,'[1, 3, 4]','standing','Thường xuyên giám sát, theo dõi',NULL,'null','Văn bản góp ý dự thảo văn bản QPPL liên quan đến quy định TTHC; văn bản đề xuất sửa đổi, bổ sung quy định TTHC không còn phù hợp','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(2,1,1,1,'II.1.b.1','II.1.b','Hoàn thành nhiệm vụ rà soát, đơn giản hóa TTHC nội bộ theo Kế hoạch số 10583/KH-UBND','Các phòng ban chuyên môn tiếp tục triển khai thực hiện hiệu quả, hoàn thành các nhiệm vụ được giao tại Kế hoạch số 10583/KH-UBND ngày 30/10/2022 về rà soát, đơn giản thủ tục hành chính nội bộ trong hệ thống cơ quan hành chính nhà nước trên địa bàn tỉnh giai đoạn 2022-2025.',2,'[1, 3, 4]','year_end','Giai đoạn 2022-2025 (đến hết năm 2025)','2025-12-31','null','Báo cáo kết quả thực hiện các nhiệm vụ rà soát, đơn giản hóa TTHC nội bộ giai đoạn 2022-2025','Kế hoạch số 10583/KH-UBND ngày 30/10/2022',NULL,NULL);
INSERT INTO "task" VALUES(3,1,1,2,'II.1.b.2','II.1.b','Rà soát, tham mưu công bố đầy đủ TTHC nội bộ giữa cơ quan hành chính nhà nước','Tiếp tục rà soát, tham mưu công bố đầy đủ TTHC nội bộ giữa cơ quan hành chính nhà nước theo chỉ đạo của UBND tỉnh (Công văn số 9867/UBND-KSTT ngày 6/9/2024 của UBND tỉnh hướng dẫn thực hiện Văn bản số 5990/VPCP-KSTT ngày 22/8/2024 của Văn phòng Chính phủ.). Xác định đúng phạm vi, thẩm quyền ban hành TTHC nội bộ để rà soát, đơn giản hóa theo thẩm quyền hoặc trình cấp có thẩm quyền phê duyệt phương án đơn giản hóa.',2,'[1, 3, 4]','standing','Thường xuyên',NULL,'null','Danh mục TTHC nội bộ được rà soát, tham mưu công bố; phương án đơn giản hóa TTHC nội bộ theo thẩm quyền hoặc trình cấp có thẩm quyền phê duyệt','Công văn số 9867/UBND-KSTT ngày 6/9/2024 của UBND tỉnh; Văn bản số 5990/VPCP-KSTT ngày 22/8/2024 của Văn phòng Chính phủ',NULL,NULL);
INSERT INTO "task" VALUES(4,1,1,3,'II.1.b.3','II.1.b','Tham mưu văn bản báo cáo UBND tỉnh thực thi phương án cắt giảm, đơn giản hóa TTHC nội bộ','Tập trung rà soát, xây dựng, tham mưu UBND xã ban hành văn bản báo cáo UBND tỉnh để thực thi các phương án cắt giảm, đơn giản hóa TTHC nội bộ đã được Chủ tịch Ủy ban nhân dân tỉnh phê duyệt.',2,'[1, 3, 4]','standing','Thường xuyên',NULL,'null','Văn bản của UBND xã báo cáo UBND tỉnh về thực thi các phương án cắt giảm, đơn giản hóa TTHC nội bộ đã được phê duyệt','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(5,1,1,4,'II.1.b.4','II.1.b','Rà soát, đề xuất tái cấu trúc quy trình các TTHC nội bộ theo lĩnh vực','Tập trung rà soát, đề xuất tái cấu trúc quy trình các TTHC nội bộ trên các lĩnh vực: Kế hoạch; chiến lược; nhân sự; tài chính - kế toán; văn thư lưu trữ; tài sản; thi đua - khen thưởng; hành chính, tổng hợp và các lĩnh vực khác theo quy định của pháp luật hoặc theo quyết định của Chủ tịch Ủy ban nhân dân tỉnh bảo đảm quy định đầy đủ, rõ ràng, cụ thể, hợp lý các bộ phận tạo thành cơ bản của TTHC theo quy định tại khoản 2 Điều 8 Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát TTHC đã được sửa đổi, bổ sung tại Nghị định số 92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ sửa đổi, bổ sung một số điều của các Nghị định liên quan đến kiểm soát TTHC và đáp ứng yêu cầu về chất lượng theo quy định của Chính phủ về thực hiện TTHC toàn trình trên môi trường điện tử. Thời hạn hoàn thành trước ngày 15/12/2025.',2,'[1, 3, 4]','fixed_date','Thời hạn hoàn thành trước ngày 15/12/2025','2025-12-14','null','Báo cáo kết quả rà soát, đề xuất tái cấu trúc quy trình TTHC nội bộ','Khoản 2 Điều 8 Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ; Nghị định số 92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ',NULL,NULL);
INSERT INTO "task" VALUES(6,1,1,5,'II.2.a.1','II.2.a','Công bố, công khai TTHC; 100% hồ sơ TTHC được tiếp nhận, giải quyết trên Hệ thống của tỉnh','Công bố, công khai kịp thời, đầy đủ, chính xác các TTHC trên cơ sở dữ liệu quốc gia về TTHC theo quy định; thực hiện nghiêm việc gửi, nhận văn bản điện tử, xử lý hồ sơ công việc toàn trình trên môi trường điện tử; đảm bảo 100% hồ sơ TTHC phải được tiếp nhận, giải quyết trên Hệ thống thông tin giải quyết TTHC của tỉnh và liên thông, đồng bộ với Cổng Dịch vụ công quốc gia để người dân, doanh nghiệp theo dõi, đánh giá quá trình thực hiện.',4,'[1, 2, 3]','standing','Thường xuyên',NULL,'null','TTHC được công bố, công khai trên cơ sở dữ liệu quốc gia về TTHC; 100% hồ sơ TTHC được tiếp nhận, giải quyết trên Hệ thống thông tin giải quyết TTHC của tỉnh, đồng bộ với Cổng Dịch vụ công quốc gia','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(7,1,1,6,'II.2.a.2','II.2.a','Thực hiện Nghị quyết của Chính phủ về giải quyết TTHC không phụ thuộc địa giới hành chính','Tổ chức thực hiện Nghị quyết của Chính phủ về đổi mới toàn diện việc giải quyết TTHC, cung cấp dịch vụ công không phụ thuộc địa giới hành chính ngay sau khi được Chính phủ phê duyệt.',4,'[1, 2, 3]','on_event','Ngay sau khi được Chính phủ phê duyệt',NULL,'null','Tổ chức giải quyết TTHC, cung cấp dịch vụ công không phụ thuộc địa giới hành chính theo Nghị quyết của Chính phủ','Nghị quyết của Chính phủ về đổi mới toàn diện việc giải quyết TTHC, cung cấp dịch vụ công không phụ thuộc địa giới hành chính (khi được Chính phủ phê duyệt)',NULL,NULL);
INSERT INTO "task" VALUES(8,1,1,7,'II.2.a.3','II.2.a','Đẩy mạnh dịch vụ công trực tuyến toàn trình; tối thiểu 80% hồ sơ xử lý trực tuyến','Đẩy mạnh triển khai thực hiện dịch vụ công trực tuyến toàn trình, dịch vụ công trực tuyến một phần; phấn đấu đến hết năm 2025 đạt 100% TTHC đủ điều kiện theo quy định của pháp luật được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình, tối thiểu 80% hồ sơ TTHC được xử lý hoàn toàn trực tuyến, người dân chỉ phải nhập dữ liệu một lần; khuyến khích người dân, doanh nghiệp thực hiện TTHC trên môi trường điện tử; giảm tối đa thời gian, chi phí đi lại cho việc gửi hồ sơ và nhận kết quả giải quyết TTHC của các tổ chức, cá nhân; tăng tính công khai, minh bạch khi giải quyết TTHC; nâng cao trách nhiệm, trình độ chuyên môn và kiến thức về công nghệ thông tin của cán bộ công chức được phân công xử lý hồ sơ TTHC, góp phần thúc đẩy phát triển kinh tế - xã hội, gắn cải cách TTHC với chuyển đổi số quốc gia.',4,'[1, 2, 3]','year_end','Phấn đấu đến hết năm 2025','2025-12-31','null','100% TTHC đủ điều kiện được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình; tối thiểu 80% hồ sơ TTHC được xử lý hoàn toàn trực tuyến','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(9,1,1,8,'II.2.a.4','II.2.a','Đẩy nhanh số hóa hồ sơ, kết quả giải quyết TTHC; tái sử dụng dữ liệu đã số hóa','Tiếp tục đẩy nhanh số hóa hồ sơ, kết quả giải quyết TTHC theo đúng quy định của Chính phủ tại Nghị định số 45/2020/NĐ-CP và Nghị định số 118/2025/NĐ-CP, làm sạch dữ liệu, gắn việc số hóa với thực hiện nhiệm vụ của cán bộ, công chức, viên chức trong quá trình tiếp nhận, giải quyết TTHC; tái sử dụng dữ liệu đã được số hóa giữa các bộ, ngành, địa phương thông qua kết nối, chia sẻ dữ liệu với Kho quản lý dữ liệu cá nhân, tổ chức trên Cổng Dịch vụ công quốc gia.',4,'[1, 2, 3]','standing','Thường xuyên',NULL,'null','Hồ sơ, kết quả giải quyết TTHC được số hóa, làm sạch dữ liệu và tái sử dụng qua Kho quản lý dữ liệu cá nhân, tổ chức trên Cổng Dịch vụ công quốc gia','Nghị định số 45/2020/NĐ-CP; Nghị định số 118/2025/NĐ-CP',NULL,NULL);
INSERT INTO "task" VALUES(10,1,1,9,'II.2.a.5','II.2.a','Thúc đẩy triển khai Đề án 06; đề xuất tháo gỡ điểm nghẽn, kết nối CSDL quốc gia về dân cư','Thúc đẩy triển khai Đề án 06; đề xuất tháo gỡ các điểm nghẽn (nếu có) trong quá trình triển khai và nâng cấp phần mềm dùng chung của tỉnh, các cơ sở dữ liệu quốc gia, chuyên ngành, kết nối, chia sẻ với Cơ sở dữ liệu quốc gia về dân cư để tiếp tục đơn giản hoá giấy tờ khi thực hiện TTHC và đẩy mạnh dịch vụ công trực tuyến.',4,'[1, 2, 3]','standing','Thường xuyên',NULL,'null','Văn bản đề xuất tháo gỡ điểm nghẽn (nếu có); giấy tờ khi thực hiện TTHC được đơn giản hóa nhờ kết nối, chia sẻ với Cơ sở dữ liệu quốc gia về dân cư','Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ (Đề án 06)',NULL,NULL);
INSERT INTO "task" VALUES(11,1,1,10,'II.2.a.6','II.2.a','Tiếp nhận, xử lý vướng mắc về TTHC; xử lý nhũng nhiễu, tăng cường kỷ luật, kỷ cương','Tổ chức thực hiện nghiêm việc tiếp nhận, xử lý, tháo gỡ các khó khăn, vướng mắc về quy định, TTHC; tổ chức kiểm tra, xác minh, làm rõ hành vi nhũng nhiễu, gây khó khăn trong giải quyết TTHC và xử lý nghiêm các tổ chức, cá nhân có liên quan theo đúng quy định; kịp thời chấn chỉnh việc giải quyết TTHC thuộc thẩm quyền của các cơ quan, đơn vị, địa phương. Tăng cường kỷ luật, kỷ cương hành chính trong tiếp nhận giải quyết TTHC, cung cấp dịch vụ công, kịp thời khắc phục đối với các trường hợp dễ xảy ra chậm muộn, tiêu cực trong giải quyết hồ sơ TTHC của cơ quan, đơn vị.',4,'[1, 2, 3]','standing','Thường xuyên',NULL,'null','Khó khăn, vướng mắc về quy định, TTHC được tiếp nhận, xử lý; kết quả kiểm tra, xác minh, xử lý vi phạm; văn bản chấn chỉnh việc giải quyết TTHC','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(12,1,1,11,'II.2.a.7','II.2.a','Công khai tiến độ giải quyết hồ sơ TTHC và kết quả đánh giá chất lượng phục vụ hàng tháng','Định kỳ hàng tháng công khai tiến độ giải quyết hồ sơ TTHC; công khai kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ trên trang thông tin điện tử các cơ quan, đơn vị để tổ chức, cá nhân theo dõi, giám sát.',4,'[1, 2, 3]','monthly','Định kỳ hàng tháng',NULL,'{"kind": "monthly", "text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "first_period": "2025-08", "last_period": "2025-12", "submit_within_working_days": 2}','Thông tin công khai tiến độ giải quyết hồ sơ TTHC và kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp trên trang thông tin điện tử (hàng tháng)','Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ',NULL,NULL);
INSERT INTO "task" VALUES(13,1,1,12,'II.2.b.1','II.2.b','Rà soát, cắt giảm chế độ báo cáo; triển khai báo cáo điện tử, báo cáo tự động','Thực hiện nghiêm Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan hành chính nhà nước. Rà soát các chế độ báo cáo bảo đảm chỉ ban hành những chế độ báo cáo thật sự cần thiết; cắt giảm các chế độ báo cáo đã được thay thế bằng dữ liệu số có sẵn từ các hệ thống thông tin, cơ sở dữ liệu; triển khai báo cáo điện tử đối với các chế độ báo cáo trong nội bộ cơ quan; từng bước chuyển sang báo cáo tự động, dựa trên dữ liệu và theo thời gian thực, hoàn thành trong Quý III năm 2025.',1,'[2, 3, 4]','quarter_end','Hoàn thành trong Quý III năm 2025','2025-09-30','null','Danh mục chế độ báo cáo được rà soát, cắt giảm; các chế độ báo cáo nội bộ được thực hiện bằng báo cáo điện tử','Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ',NULL,NULL);
INSERT INTO "task" VALUES(14,1,1,13,'II.2.b.2','II.2.b','Gửi, nhận văn bản có ký số; xử lý hồ sơ, công việc toàn trình trên môi trường điện tử','Thực hiện nghiêm việc gửi, nhận văn bản điện tử có ký số; xử lý hồ sơ, công việc toàn trình trên môi trường điện tử, hoàn thành trong Quý III năm 2025, chấm dứt tình trạng vừa xử lý hồ sơ giấy vừa xử lý hồ sơ điện tử.',1,'[2, 3, 4]','quarter_end','Hoàn thành trong Quý III năm 2025','2025-09-30','null','Văn bản điện tử có ký số được gửi, nhận và hồ sơ, công việc được xử lý toàn trình trên môi trường điện tử; chấm dứt xử lý song song hồ sơ giấy và hồ sơ điện tử','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(15,1,1,14,'III.1.1','III.1','Xây dựng Kế hoạch triển khai tại cơ quan chuyên môn; bố trí nguồn lực cho cải cách TTHC','Căn cứ nhiệm vụ được giao tại Kế hoạch này, xây dựng Kế hoạch để triển khai thực hiện nhiệm vụ được giao tại cơ quan chuyên môn bảo đảm chất lượng và hoàn thành các chỉ tiêu đề ra. Bố trí nguồn lực cho công tác cải cách TTHC đáp ứng yêu cầu công tác để thực hiện Kế hoạch này và các nhiệm vụ khác được giao.',2,'[1, 3, 4]','standing','Thường xuyên',NULL,'null','Kế hoạch triển khai thực hiện nhiệm vụ cải cách TTHC năm 2025 của từng phòng chuyên môn','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(16,1,1,15,'III.1.2','III.1','Kiểm tra thực hiện quy định về TTHC, cơ chế một cửa, một cửa liên thông; xử lý vi phạm','Chủ động, tăng cường kiểm tra việc thực hiện các quy định về TTHC, giải quyết TTHC, kiểm soát TTHC, thực hiện cơ chế một cửa, một cửa liên thông, thực hiện TTHC trên môi trường điện tử tại cơ quan, đơn vị, địa phương; kịp thời xử lý các vi phạm theo quy định để thực hiện tốt các nhiệm vụ được giao; báo cáo cấp có thẩm quyền kết quả kiểm tra, kịp thời đề xuất biện pháp chấn chỉnh việc thực hiện.',2,'[1, 3, 4]','standing','Thường xuyên',NULL,'null','Báo cáo kết quả kiểm tra gửi cấp có thẩm quyền; đề xuất biện pháp chấn chỉnh việc thực hiện','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(17,1,1,16,'III.1.3','III.1','Bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách năm 2025','Bố trí kinh phí thực hiện Kế hoạch này trong dự toán ngân sách năm 2025 được cấp có thẩm quyền giao; khuyến khích việc huy động theo quy định của pháp luật các nguồn kinh phí ngoài ngân sách nhà nước để thực hiện.',2,'[1, 3, 4]','standing','Thường xuyên',NULL,'null','Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách năm 2025','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(18,1,1,17,'III.1.4','III.1','Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch trong báo cáo cải cách TTHC hàng tháng','Định kỳ báo cáo tình hình, kết quả thực hiện các chỉ tiêu được giao tại Kế hoạch này trong báo cáo kết quả thực hiện công tác cải cách TTHC hàng tháng.',2,'[1, 3, 4]','monthly','Định kỳ hàng tháng',NULL,'{"kind": "monthly", "text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "first_period": "2025-08", "last_period": "2025-12", "submit_within_working_days": 2}','Báo cáo kết quả thực hiện công tác cải cách TTHC hàng tháng, có nội dung về các chỉ tiêu được giao tại Kế hoạch','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(19,1,1,18,'III.2.1','III.2','Tổng hợp báo cáo kết quả cải cách TTHC hàng tháng gửi Văn phòng UBND tỉnh','Chủ trì, phối hợp với các phòng chuyên môn thuộc UBND xã tổng hợp tình hình, kết quả thực hiện Kế hoạch này trong báo cáo tình hình, kết quả thực hiện nhiệm vụ cải cách TTHC định kỳ hàng tháng báo cáo Văn phòng UBND tỉnh theo quy định.',4,'[1, 2, 3]','monthly','Định kỳ hàng tháng',NULL,'{"kind": "monthly", "text": "\u0110\u1ecbnh k\u1ef3 h\u00e0ng th\u00e1ng", "first_period": "2025-08", "last_period": "2025-12", "submit_within_working_days": 2}','Báo cáo tình hình, kết quả thực hiện nhiệm vụ cải cách TTHC định kỳ hàng tháng gửi Văn phòng UBND tỉnh','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(20,1,1,19,'III.2.2','III.2','Theo dõi, đôn đốc nâng cao kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp','Theo dõi, đôn đốc việc thực hiện các nhiệm vụ nhằm nâng cao kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp trong giải quyết TTHC của tỉnh theo Quyết định số 766/QĐ-TTg của Thủ tướng Chính phủ.',4,'[]','standing','Thường xuyên',NULL,'null','Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp trong giải quyết TTHC được theo dõi, đôn đốc nâng cao','Quyết định số 766/QĐ-TTg của Thủ tướng Chính phủ',NULL,NULL);
INSERT INTO "task" VALUES(21,1,1,20,'III.2.3','III.2','Theo dõi việc giải quyết TTHC, tham mưu Chủ tịch UBND xã xử lý vi phạm','Tiếp tục theo dõi chặt chẽ việc giải quyết TTHC trên địa bàn xã để tham mưu Chủ tịch UBND xã chỉ đạo, xử lý kịp thời đối với các cơ quan, đơn vị và các cá nhân vi phạm các quy định về giải quyết TTHC và không đạt tỷ lệ được giao theo quy định.',4,'[]','standing','Tiếp tục theo dõi chặt chẽ (thường xuyên)',NULL,'null','Văn bản tham mưu Chủ tịch UBND xã chỉ đạo, xử lý các cơ quan, đơn vị, cá nhân vi phạm quy định về giải quyết TTHC','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
INSERT INTO "task" VALUES(22,1,1,21,'III.2.4','III.2','Tổng hợp khó khăn, vướng mắc, tham mưu UBND xã báo cáo UBND tỉnh','Trong quá trình thực hiện, nếu có khó khăn, vướng mắc các phòng ban chuyên môn gửi văn bản về Phòng Văn hóa – xã hội xã để tổng hợp tham mưu UBND xã báo cáo UBND tỉnh (qua Văn phòng UBND tỉnh) theo quy định.',2,'[1, 3, 4]','standing','Trong quá trình thực hiện, khi có khó khăn, vướng mắc',NULL,'null','Văn bản tổng hợp khó khăn, vướng mắc, tham mưu UBND xã báo cáo UBND tỉnh (qua Văn phòng UBND tỉnh)','Kế hoạch ban hành kèm theo Quyết định số …/QĐ-UBND của UBND xã Cam Hiệp',NULL,NULL);
CREATE TABLE unit (
	id INTEGER NOT NULL, 
	commune_id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (commune_id, code), 
	FOREIGN KEY(commune_id) REFERENCES commune (id)
);
INSERT INTO "unit" VALUES(1,1,'VP','Văn phòng HĐND và UBND xã');
INSERT INTO "unit" VALUES(2,1,'VHXH','Phòng Văn hóa - Xã hội');
INSERT INTO "unit" VALUES(3,1,'KT','Phòng Kinh tế');
INSERT INTO "unit" VALUES(4,1,'TTPVHCC','Trung tâm Phục vụ hành chính công');
CREATE TABLE workdayoverride (
	day DATE NOT NULL, 
	is_working BOOLEAN NOT NULL, 
	note VARCHAR NOT NULL, 
	PRIMARY KEY (day)
);
INSERT INTO "workdayoverride" VALUES('2025-04-26',1,'Thứ Bảy làm bù cho ngày nghỉ 02/05/2025');
INSERT INTO "workdayoverride" VALUES('2026-08-22',1,'Thứ Bảy làm bù cho ngày nghỉ 31/08/2026');
CREATE INDEX ix_audit_commune_at ON auditevent (commune_id, at);
CREATE INDEX ix_auditevent_task_id ON auditevent (task_id);
CREATE INDEX ix_completion_commune_id ON completion (commune_id);
CREATE INDEX ix_completion_occurrence_id ON completion (occurrence_id);
CREATE INDEX ix_completion_task_id ON completion (task_id);
CREATE INDEX ix_escalationack_task_id ON escalationack (task_id);
CREATE INDEX ix_extension_commune_id ON extension (commune_id);
CREATE INDEX ix_extension_occurrence_id ON extension (occurrence_id);
CREATE INDEX ix_extension_status_commune ON extension (status, commune_id);
CREATE INDEX ix_extension_task_id ON extension (task_id);
CREATE INDEX ix_kpi_commune_id ON kpi (commune_id);
CREATE INDEX ix_kpireading_kpi_id ON kpireading (kpi_id);
CREATE INDEX ix_linkcode_person_id ON linkcode (person_id);
CREATE INDEX ix_occurrence_commune_id ON occurrence (commune_id);
CREATE INDEX ix_occurrence_due_date ON occurrence (due_date);
CREATE INDEX ix_occurrence_task_id ON occurrence (task_id);
CREATE INDEX ix_outbox_status_next ON outboxmessage (status, next_attempt_at);
CREATE INDEX ix_outboxmessage_commune_id ON outboxmessage (commune_id);
CREATE INDEX ix_outboxmessage_person_id ON outboxmessage (person_id);
CREATE INDEX ix_outboxmessage_task_id ON outboxmessage (task_id);
CREATE INDEX ix_person_commune_id ON person (commune_id);
CREATE INDEX ix_person_telegram_chat_id ON person (telegram_chat_id);
CREATE INDEX ix_person_unit_id ON person (unit_id);
CREATE INDEX ix_person_zalo_chat_id ON person (zalo_chat_id);
CREATE INDEX ix_plan_commune_id ON "plan" (commune_id);
CREATE INDEX ix_task_commune_id ON task (commune_id);
CREATE INDEX ix_task_commune_lead ON task (commune_id, lead_unit_id);
CREATE INDEX ix_task_due_date ON task (due_date);
CREATE INDEX ix_unit_commune_id ON unit (commune_id);
CREATE UNIQUE INDEX ix_commune_code ON commune (code);
CREATE UNIQUE INDEX uq_completion_in_force ON completion (task_id, coalesce(occurrence_id, 0)) WHERE revoked_at IS NULL;
COMMIT;

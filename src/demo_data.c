/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * demo_data.c: the demo's data set — a small, realistic Pingzhou cast
 * (carving and design masters, apprentices of both tracks, alumni, a
 * member of the talent service station, workshops, sales guides and
 * residents, with Chinese names) and, stage by stage, what demo.c's
 * steps make of them. Tables only: the steps are in demo.c.
 */
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "demo_int.h"

const struct demo_person demo_people[] = {
	{ "周晓琳", "staff@pingzhou-jade.cn", ROLE_STAFF, TRACK_NONE,
	    "人才服务驿站 talent service station" },
	{ "王建平", "13922001001", ROLE_MASTER, TRACK_CARVER,
	    "翡翠浮雕、俏色巧雕 jadeite relief, colour carving" },
	{ "陈国强", "13922001002", ROLE_MASTER, TRACK_CARVER,
	    "玉镯加工、抛光 bangles, polishing" },
	{ "李玉华", "13922001003", ROLE_MASTER, TRACK_DESIGNER,
	    "设计构思、CAD 设计 design, CAD" },
	{ "黄少明", "13922001004", ROLE_MASTER, TRACK_CARVER,
	    "圆雕、镂空 carving in the round, openwork" },
	{ "刘志远", "13800138001", ROLE_APPRENTICE, TRACK_CARVER,
	    "零基础入门 newcomer" },
	{ "何嘉欣", "13800138002", ROLE_APPRENTICE, TRACK_CARVER,
	    "玉镯方向 bangle making" },
	{ "张小敏", "xiaomin.zhang@example.cn", ROLE_APPRENTICE,
	    TRACK_DESIGNER, "上班族，想学玉雕设计 office worker" },
	{ "梁伟", "13800138004", ROLE_APPRENTICE, TRACK_DESIGNER,
	    "合作院校学生 partner-school student" },
	/* For the competitions: two more masters to judge, and alumni of
	 * the station at the selection stage who enter them. */
	{ "苏文杰", "13922001005", ROLE_MASTER, TRACK_CARVER,
	    "翡翠摆件、山子雕 jadeite ornaments, mountain carving" },
	{ "何丽珍", "13922001006", ROLE_MASTER, TRACK_DESIGNER,
	    "首饰设计 jewellery design" },
	{ "陈美玲", "13800138005", ROLE_APPRENTICE, TRACK_CARVER,
	    "往届学员，评选阶段 alumna, selection stage" },
	{ "吴家豪", "13800138006", ROLE_APPRENTICE, TRACK_CARVER,
	    "往届学员，苏文杰的徒弟 alumnus, 苏文杰's apprentice" },
	{ "林晓彤", "13800138007", ROLE_APPRENTICE, TRACK_DESIGNER,
	    "往届学员，评选阶段 alumna, selection stage" },
	{ "郑雅文", "13800138008", ROLE_APPRENTICE, TRACK_DESIGNER,
	    "往届学员，评选阶段 alumna, selection stage" },
	{ "黄志伟", "13800138009", ROLE_APPRENTICE, TRACK_CARVER,
	    "往届学员，评选阶段 alumnus, selection stage" },
	/* 就业: two of the town's workshops (demo_jobs()). */
	{ "梁志华", "13922003001", ROLE_EMPLOYER, TRACK_NONE,
	    "翠华玉雕工作室 (approved employer)" },
	{ "邓美华", "13922003002", ROLE_EMPLOYER, TRACK_NONE,
	    "玉缘珠宝行 (employer awaiting approval)" },
	/* 十大金牌导购大师: the town's sales guides (导购) nominated by their
	 * shops, and residents who vote (demo_guides()). */
	{ "陈慧敏", "13700137001", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翠华珠宝 sales guide" },
	{ "罗嘉怡", "13700137002", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翠华珠宝 sales guide" },
	{ "梁志强", "13700137003", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，金玉坊 sales guide" },
	{ "冯晓晴", "13700137004", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，金玉坊 sales guide" },
	{ "邓伟明", "13700137005", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，玉缘阁 sales guide" },
	{ "谢婉婷", "13700137006", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，玉缘阁 sales guide" },
	{ "杜家乐", "13700137007", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翡翠世家 sales guide" },
	{ "曾丽萍", "13700137008", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翡翠世家 sales guide" },
	{ "潘俊杰", "13700137009", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，平洲玉器行 sales guide" },
	{ "袁诗琪", "13700137010", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，平洲玉器行 sales guide" },
	{ "钟浩然", "13700137011", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，平洲玉器行 sales guide" },
	{ "卢凤仪", "13600136001", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
	{ "彭国华", "13600136002", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
	{ "蔡秀兰", "13600136003", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
	{ "叶振东", "13600136004", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
};

const size_t demo_npeople = sizeof(demo_people) / sizeof(demo_people[0]);

const char *const demo_cast[W__COUNT] = {
	[W_WANG] = "13922001001",
	[W_CHEN] = "13922001002",
	[W_LI] = "13922001003",
	[W_HUANG] = "13922001004",
	[W_SU] = "13922001005",
	[W_HELZ] = "13922001006",
	[W_ZHANG] = "xiaomin.zhang@example.cn",
	[W_MEI] = "13800138005",
	[W_WU] = "13800138006",
	[W_LIN] = "13800138007",
	[W_ZHENG] = "13800138008",
	[W_ZHI] = "13800138009",
	[W_STAFF] = "staff@pingzhou-jade.cn",
	[W_LIU] = "13800138001",
	[W_HE] = "13800138002",
	[W_LIANG] = "13800138004",
	[W_BOSS] = "13922003001",
	[W_OTHER] = "13922003002",
};

/* 培养: a three-generation lineage — 王建平 taught 黄少明 and 陈国强, who
 * now teach 何嘉欣 and 刘志远; 李玉华 teaches 张小敏. */
const struct demo_mentorship demo_mentorships[5] = {
	{ W_HUANG, W_WANG, 20 * DEMO_YEAR, 12 * DEMO_YEAR,
	    "出师 completed the apprenticeship" },
	{ W_CHEN, W_WANG, 15 * DEMO_YEAR, 8 * DEMO_YEAR,
	    "出师 completed the apprenticeship" },
	{ W_HE, W_HUANG, 300 * DEMO_DAY, 0, NULL },
	{ W_LIU, W_CHEN, 60 * DEMO_DAY, 0, NULL },
	{ W_ZHANG, W_LI, 400 * DEMO_DAY, 0, NULL },
};

/* Weekly sessions; the last two of 刘志远's still wait. */
const struct demo_log demo_logs[2] = {
	{ W_LIU, W_CHEN, 180, "carving", "练习浮雕打坯。", "很好", 4 },
	{ W_HE, W_HUANG, 480, "bangle", "玉镯粗坯与抛光。", NULL, 6 },
};

const struct demo_level demo_levels[2] = {
	{ W_HE, TRACK_CARVER, 1, "完成玉镯加工与抛光课程，考核 82 分。",
	    20 * DEMO_DAY },
	{ W_ZHANG, TRACK_DESIGNER, 2, "设计构思与 CAD 课程结业，"
	    "作品获驿站评审通过。", 10 * DEMO_DAY },
};

/* Apprentices at every stage: 梁伟 entry, 刘志远 training, 何嘉欣
 * incubation, 张小敏 selection. */
const struct demo_move demo_moves[4] = {
	{ W_LIU, STAGE_ENTRY, STAGE_TRAINING, 50 * DEMO_DAY },
	{ W_HE, STAGE_ENTRY, STAGE_TRAINING, 200 * DEMO_DAY },
	{ W_HE, STAGE_TRAINING, STAGE_INCUBATION, 15 * DEMO_DAY },
	{ W_ZHANG, STAGE_ENTRY, STAGE_SELECTION, 5 * DEMO_DAY },
};

static const int green[][3] = { { 0x3c, 0x9a, 0x6a }, { 0x5f, 0xb0, 0x7f } };
static const int white[][3] = { { 0xd8, 0xd4, 0xc0 } };
static const int lilac[][3] = { { 0x9a, 0x8c, 0xc8 } };
static const int brown[][3] = { { 0x8c, 0x7a, 0x5a } };
static const int moss[][3] = { { 0x4a, 0x8f, 0x5c } };

/* 孵化: 何嘉欣's public bangle (黄少明 comments on it) and a private
 * pendant, 张小敏's public design, 王建平's public relief for the
 * directory, 刘志远's first piece (private). */
const struct demo_work demo_works[5] = {
	{ W_HE, { "翡翠平安镯", "jadeite", "掏镯、抛光", "内径 56 mm，条宽 10 mm",
	    "阳绿翡翠料，掏镯后手工抛光三遍。", 1 }, green, 2, 10 * DEMO_DAY,
	    W_HUANG, "条形圆润，抛光到位；注意内圈倒角。", 9 * DEMO_DAY },
	{ W_HE, { "和田玉籽料随形挂件", "hetian", "随形雕", "42 × 28 mm",
	    "保留原皮，随形设计。", 0 }, white, 1, 5 * DEMO_DAY,
	    W__COUNT, NULL, 0 },
	{ W_ZHANG, { "俏色荷塘设计稿", "dushan", "俏色设计", "120 × 80 mm",
	    "利用独山玉的紫、白两色设计荷塘小景。", 1 }, lilac, 1,
	    20 * DEMO_DAY, W__COUNT, NULL, 0 },
	{ W_WANG, { "翡翠浮雕《松鹤延年》", "jadeite", "浮雕、俏色",
	    "180 × 120 mm", "王建平师傅的代表作，俏色取翠为松、取白为鹤。", 1 },
	    green, 1, 60 * DEMO_DAY, W__COUNT, NULL, 0 },
	{ W_LIU, { "第一件练习：岫玉如意", "xiuyan", "浮雕", "60 × 30 mm",
	    "入门课作业。", 0 }, brown, 1, 30 * DEMO_DAY, W__COUNT, NULL, 0 },
};

/* 黄少明's new public work for his record (days before the record). */
static const struct demo_work huang_openwork = {
	W_HUANG, { "翡翠镂空香囊", "jadeite", "镂空", "60 × 45 mm",
	"黄少明师傅的镂空代表作，内外三层。", 1 }, moss, 1, 40 * DEMO_DAY,
	W__COUNT, NULL, 0
};

/* 非遗: 王建平's (浮雕 and 俏色, his relief 《松鹤延年》) and 黄少明's
 * (镂空, only in Chinese: shown so, marked zh). */
const struct demo_heritage demo_heritages[2] = {
	{ W_WANG, NULL, {
	    "浮雕：先定层次，再由浅入深地铲地、起位；"
	    "俏色：依料上的翠色与白色构图，翠取为松，白取为鹤。\n"
	    "抛光三遍，由粗到细。",
	    "Relief: set the layers first, then cut the ground "
	    "from shallow to deep. Qiaose: compose with the stone's own green "
	    "and white — the green becomes pines, the white cranes.\n"
	    "Three rounds of polishing, coarse to fine.",
	    "王建平十六岁在平洲拜师学艺，师从本镇老艺人，"
	    "三十年来带出学徒二十余人。",
	    "Wang Jianping began as an apprentice in Pingzhou at "
	    "sixteen under one of the town's old carvers; in thirty years he "
	    "has trained more than twenty apprentices." },
	    "翡翠浮雕《松鹤延年》", "Jadeite relief: Pines and Cranes", "2018" },
	{ W_HUANG, &huang_openwork, {
	    "镂空：先钻眼定位，再以线锯掏空，内外三层互不相连。",
	    "",
	    "黄少明的手艺传自其父，父子两代在平洲玉器街开设作坊。",
	    "Huang Shaoming learned the craft from his father; two "
	    "generations have kept a workshop on Pingzhou's jade street." },
	    "翡翠镂空香囊", "", "2021-06" },
};

static const struct demo_entry entries_a[] = {
	{ W_ZHANG, 0, "和田玉《荷韵》挂件", "hetian", { 0xe0, 0xdc, 0xc8 }, 88 },
	{ W_MEI, 0, "翡翠观音挂件", "jadeite", { 0x4a, 0xa0, 0x70 }, 80 },
	{ W_WU, 0, "翡翠貔貅挂件", "jadeite", { 0x30, 0x80, 0x58 }, 76 },
	{ W_ZHI, 0, "岫玉竹节挂件", "xiuyan", { 0x9a, 0xb0, 0x60 }, 71 },
	{ W_ZHANG, 1, "俏色荷塘设计稿（参赛版）", "dushan",
	    { 0x9a, 0x8c, 0xc8 }, 86 },
	{ W_LIN, 1, "翡翠手镯系列设计", "jadeite", { 0x70, 0xb8, 0x90 }, 79 },
	{ W_ZHENG, 1, "玉兰胸针设计", "hetian", { 0xf0, 0xec, 0xe0 }, 74 },
};

static const struct demo_entry entries_b[] = {
	{ W_MEI, 0, "翡翠山子《溪山行旅》", "jadeite", { 0x40, 0x90, 0x68 }, 84 },
	{ W_WU, 0, "翡翠摆件《年年有余》", "jadeite", { 0x58, 0xa8, 0x78 }, 78 },
	{ W_ZHI, 0, "翡翠《福禄寿》摆件", "jadeite", { 0x88, 0x70, 0x50 }, 75 },
	{ W_ZHI, 1, "糯冰种平安镯", "jadeite", { 0xc8, 0xd8, 0xd0 }, 81 },
	{ W_MEI, 1, "翡翠贵妃镯", "jadeite", { 0x50, 0xb0, 0x80 }, 83 },
};

/* Quality 0: waits for its check. */
static const struct demo_entry entries_c[] = {
	{ W_LIN, 1, "玉蝶耳饰设计", "jadeite", { 0x68, 0xc0, 0x98 }, 0 },
};

/* 评选: 2026 平洲玉雕新秀赛 (published), 2027 平洲玉器文化节·玉雕大赛 (its
 * photo round, judges mid-way), 2027 春季玉雕设计评比 (taking entries). */
const struct demo_contest demo_contests[3] = {
	{ "2026 平洲玉雕新秀赛", "Pingzhou Young Jade Carvers' Contest 2026",
	    "2026-09-01", "2026-09-30", 0,
	    { { "挂件", "Pendants" }, { "设计方案", "Design proposals" } },
	    { { W_WANG, W_CHEN, W_HUANG, W_SU, W_HELZ, -1 },
	    { W_LI, W_HELZ, W_WANG, W_SU, -1, -1 } },
	    entries_a, 7, "2026-09-12", 70 * DEMO_DAY },
	{ "2027 平洲玉器文化节·玉雕大赛",
	    "Pingzhou Jade Culture Festival Carving Contest 2027",
	    "2026-10-15", "2026-11-20", 2,
	    { { "翡翠摆件", "Jadeite ornaments" }, { "手镯", "Bangles" } },
	    { { W_WANG, W_HUANG, W_SU, -1, -1, -1 },
	    { W_CHEN, W_HELZ, W_WANG, -1, -1, -1 } },
	    entries_b, 5, "2026-10-20", 40 * DEMO_DAY },
	{ "2027 春季玉雕设计评比", "Spring Jade Design Awards 2027",
	    "2026-11-01", "2027-01-31", 0,
	    { { "设计方案", "Design proposals" },
	    { "首饰设计", "Jewellery design" } },
	    { { W_LI, W_HELZ, -1, -1, -1, -1 },
	    { W_HELZ, W_LI, -1, -1, -1, -1 } },
	    entries_c, 1, "2026-11-06", 20 * DEMO_DAY },
};

/* The second competition's judges mid-way: 王建平 has one draft and
 * entries still to score. */
const struct demo_sitting demo_sittings[5] = {
	{ W_SU, -1, 5 * DEMO_DAY },
	{ W_CHEN, -1, 4 * DEMO_DAY },
	{ W_HUANG, 1, 3 * DEMO_DAY },
	{ W_HELZ, 0, 2 * DEMO_DAY },
	{ W_WANG, 0, DEMO_DAY },
};

/* 就业: 翠华玉雕工作室 approved, 玉缘珠宝行 awaiting approval. */
const struct demo_employer demo_employers[2] = {
	{ W_BOSS, "翠华玉雕工作室", "91440605MA4WJH2X0", 20 * DEMO_DAY, 1 },
	{ W_OTHER, "玉缘珠宝行", "92440605MA5CK7R1Q", DEMO_DAY, 0 },
};

/* 翠华玉雕工作室's: two openings shown and one awaiting review. */
const struct demo_posting demo_postings[3] = {
	{ { .title = "翡翠挂件雕刻师", .track = TRACK_CARVER, .level = 3,
	    .pay_min = 7000, .pay_max = 13000, .place = "平洲玉器街 18 号",
	    .description = "雕刻翡翠挂件、手把件。要求三级（高级工）以上证书，"
	    "能独立完成俏色设计。包食宿，月休四天。" }, 45, 1 },
	{ { .title = "玉雕设计助理", .track = TRACK_DESIGNER, .level = 0,
	    .pay_min = 4500, .pay_max = 7000,
	    .place = "平洲玉器城设计中心 2 楼",
	    .description = "协助设计师出图、建 CAD 模型、与雕刻师沟通。"
	    "应届学员可投，设计方向优先。" }, 30, 1 },
	{ { .title = "抛光学徒", .track = TRACK_CARVER, .level = 0,
	    .pay_min = 3500, .pay_max = 5000, .place = "平洲夏南路 6 号",
	    .description = "手镯、挂件抛光，师傅带教。" }, 20, 0 },
};

/* 何嘉欣 shows her certificates and phone and is invited to an
 * interview; 陈美玲 is offered the post and hired (the dashboard's
 * placements). */
const struct demo_application demo_applications[2] = {
	{ W_HE, "我学玉镯和挂件三年，持有驿站颁发的证书，希望到贵工作室做挂件"
	    "雕刻。", 1, 10 * DEMO_DAY,
	    { { JOB_VIEWED, 9 * DEMO_DAY }, { JOB_INTERVIEW, 8 * DEMO_DAY } } },
	{ W_MEI, "参加过 2026 新秀赛，擅长山子雕。", 0, 12 * DEMO_DAY,
	    { { JOB_OFFER, 7 * DEMO_DAY }, { JOB_HIRED, 5 * DEMO_DAY } } },
};

/* 十大金牌导购大师: the guides' shops, in demo_people[]'s order. */
const char *const demo_guide_shops[DEMO_GUIDES] = {
	"翠华珠宝", "翠华珠宝", "金玉坊", "金玉坊", "玉缘阁", "玉缘阁",
	"翡翠世家", "翡翠世家", "平洲玉器行", "平洲玉器行", "平洲玉器行",
};

const char *const demo_guide_evidence[3] = {
	"顾客来信：讲解翡翠种水、颜色与瑕疵实事求是，不夸大，不推销"
	"不需要的货。",
	"坚持出具检测证书，主动告知处理工艺；三年无有效投诉。",
	"熟悉和田玉、翡翠产地与工艺，为外地游客耐心讲解，售后跟进。",
};

const int demo_guide_judges[3] = { W_WANG, W_LI, W_CHEN };

const char *const demo_guide_voters[12] = {
	"13800138001", "13800138002", "13800138004", "13800138005",
	"13800138006", "13800138007", "13800138008", "13800138009",
	"13600136001", "13600136002", "13600136003", "13600136004",
};

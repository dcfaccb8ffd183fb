/*
 * i18n.c: the string table (Chinese first, English beside it) and the
 * choice of language for a request. A key missing a language is a bug
 * that tests/unit catches by walking the whole table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct text {
	const char	*zh;
	const char	*en;
};

static const struct text texts[M__COUNT] = {
	[M_APP_NAME] = { "玉匠", "Yujiang" },
	[M_APP_TAGLINE] = { "平洲玉雕人才培养与认证",
	    "Pingzhou jade carving: training and certification" },
	[M_TOWN] = { "平洲玉器珠宝小镇 · 人才服务驿站",
	    "Pingzhou Jade and Jewellery Town · Talent Service Station" },
	[M_NAV_HOME] = { "首页", "Home" },
	[M_NAV_REGISTER] = { "注册", "Register" },
	[M_NAV_LOGIN] = { "登录", "Log in" },
	[M_NAV_LOGOUT] = { "退出", "Log out" },
	[M_NAV_ME] = { "我的", "My page" },
	[M_NAV_USERS] = { "用户管理", "Users" },
	[M_LANG_SWITCH] = { "English", "中文" },
	[M_HOME_INTRO] = {
	    "想学玉雕，却找不到门路？玉匠是平洲玉器珠宝小镇的人才平台："
	    "在线报名课程、拜师学艺、进入孵化基地、参加评选，"
	    "所获证书扫码即可验证。",
	    "Want to learn jade carving but never found a way in? Yujiang is "
	    "the talent programme of the Pingzhou Jade and Jewellery Town: "
	    "enrol in courses online, train under a master, grow in the "
	    "incubation base and compete; every certificate can be verified "
	    "by scanning its QR code." },
	[M_HOME_CTA] = { "免费注册，开始入门", "Register free and start" },
	[M_STAGE_ENTRY] = { "入门", "Entry" },
	[M_STAGE_TRAINING] = { "培养", "Training" },
	[M_STAGE_INCUBATION] = { "孵化", "Incubation" },
	[M_STAGE_SELECTION] = { "评选", "Selection" },
	[M_STAGE_ENTRY_DESC] = {
	    "注册并报读入门课程，零基础也能开始。",
	    "Register and take an entry course; no experience needed." },
	[M_STAGE_TRAINING_DESC] = {
	    "拜师学艺，师傅确认你的训练记录与技能等级。",
	    "Train under a master who confirms your hours and skills." },
	[M_STAGE_INCUBATION_DESC] = {
	    "在玉雕人才孵化基地，与导师一起完成作品集。",
	    "Build a portfolio with a mentor at the incubation base." },
	[M_STAGE_SELECTION_DESC] = {
	    "参加大师评审的比赛，争取“平洲玉匠”等称号。",
	    "Compete before panels of masters for titles such as "
	    "Pingzhou Jade Craftsman." },
	[M_ROLE_APPRENTICE] = { "学员", "Apprentice" },
	[M_ROLE_MASTER] = { "师傅", "Master" },
	[M_ROLE_STAFF] = { "驿站工作人员", "Station staff" },
	[M_TRACK_CARVER] = { "玉雕师", "Carver" },
	[M_TRACK_DESIGNER] = { "设计师", "Designer" },
	[M_FIELD_NAME] = { "姓名", "Name" },
	[M_FIELD_ACCOUNT] = { "手机号或邮箱", "Mobile number or email" },
	[M_FIELD_ACCOUNT_HINT] = { "用于登录，例如 13800138000",
	    "Used to log in, e.g. 13800138000" },
	[M_FIELD_PASSWORD] = { "密码", "Password" },
	[M_FIELD_PASSWORD_HINT] = { "至少 8 位", "At least 8 characters" },
	[M_FIELD_TRACK] = { "方向", "Track" },
	[M_FIELD_ROLE] = { "角色", "Role" },
	[M_REGISTER_TITLE] = { "注册成为学员", "Register as an apprentice" },
	[M_REGISTER_SUBMIT] = { "注册", "Register" },
	[M_REGISTER_HAVE_ACCOUNT] = { "已有账号？登录", "Have an account? Log in" },
	[M_LOGIN_TITLE] = { "登录", "Log in" },
	[M_LOGIN_SUBMIT] = { "登录", "Log in" },
	[M_LOGIN_NO_ACCOUNT] = { "还没有账号？注册", "No account yet? Register" },
	[M_ME_TITLE] = { "我的页面", "My page" },
	[M_ME_STAGE] = { "培养阶段", "Pipeline stage" },
	[M_ME_YOUR_STAGE] = { "你现在的阶段", "You are here" },
	[M_ME_ROLE] = { "角色", "Role" },
	[M_ME_TRACK] = { "方向", "Track" },
	[M_ME_ACCOUNT] = { "登录账号", "Login" },
	[M_ME_SINCE] = { "注册日期", "Member since" },
	[M_PANEL_COURSES] = { "我的课程", "My courses" },
	[M_PANEL_COURSES_EMPTY] = {
	    "你还没有报读课程。去课程目录挑一门入门课吧。",
	    "You have not enrolled in a course yet: pick an entry course from the catalogue." },
	[M_PANEL_MASTER] = { "我的师傅", "My master" },
	[M_PANEL_MASTER_EMPTY] = {
	    "完成入门课程后，可以申请拜师。",
	    "After an entry course you can ask a master to take you on." },
	[M_PANEL_APPRENTICES] = { "我的徒弟", "My apprentices" },
	[M_PANEL_APPRENTICES_EMPTY] = { "目前没有徒弟。",
	    "No apprentices yet." },
	[M_PANEL_JUDGING] = { "评审任务", "Judging" },
	[M_PANEL_JUDGING_EMPTY] = { "目前没有待评审的作品。",
	    "No entries waiting for your scores." },
	[M_PANEL_STATION] = { "人才服务驿站", "Talent service station" },
	[M_PANEL_STATION_TEXT] = {
	    "管理师傅和工作人员账号。",
	    "Manage the accounts of masters and staff." },
	[M_USERS_TITLE] = { "用户管理", "Users" },
	[M_USERS_CREATE] = { "新建师傅或工作人员账号",
	    "Create a master or staff account" },
	[M_USERS_CREATE_SUBMIT] = { "创建账号", "Create account" },
	[M_USERS_CREATED] = { "账号已创建。", "The account was created." },
	[M_USERS_LIST] = { "最近注册的用户", "Newest users" },
	[M_USERS_COUNT] = { "用户总数", "Users in all" },
	[M_ERR_TITLE] = { "出错了", "Something went wrong" },
	[M_ERR_BAD_REQUEST] = { "请求格式不正确。",
	    "The request is not well formed." },
	[M_ERR_BAD_JSON] = { "请求内容不是有效的 JSON 对象。",
	    "The request body is not a valid JSON object." },
	[M_ERR_MEDIA_TYPE] = { "请以 JSON 格式提交（Content-Type: application/json）。",
	    "Send the request as JSON (Content-Type: application/json)." },
	[M_ERR_NAME] = { "请填写姓名（1 至 40 个字，不含特殊控制字符）。",
	    "Please give a name (1 to 40 characters)." },
	[M_ERR_ACCOUNT] = {
	    "请填写正确的手机号（11 位，以 1 开头）或邮箱。",
	    "Please give a valid mobile number (11 digits starting with 1) "
	    "or email address." },
	[M_ERR_PASSWORD] = { "密码需要 8 至 128 个字符。",
	    "The password must have 8 to 128 characters." },
	[M_ERR_TRACK] = { "请选择方向：玉雕师或设计师。",
	    "Please choose a track: carver or designer." },
	[M_ERR_ROLE] = { "角色只能是师傅或工作人员。",
	    "The role must be master or staff." },
	[M_ERR_ACCOUNT_TAKEN] = { "这个手机号或邮箱已经注册过了。",
	    "This mobile number or email is already registered." },
	[M_ERR_LOGIN_FAILED] = { "账号或密码不正确。",
	    "The login or password is not correct." },
	[M_ERR_THROTTLED] = { "尝试次数太多，请 15 分钟后再试。",
	    "Too many attempts; please try again in 15 minutes." },
	[M_ERR_THROTTLED_REGISTER] = { "这里的注册次数太多，请一小时后再试，或请学校统一导入名单。",
	    "Too many registrations from here; please try again in an hour, or ask your school to send a roster." },
	[M_ERR_CSRF] = { "页面已过期，请刷新后重新提交。",
	    "This form has expired; reload the page and submit again." },
	[M_ERR_LOGIN_REQUIRED] = { "请先登录。", "Please log in first." },
	[M_ERR_FORBIDDEN] = { "你没有权限进行这个操作。",
	    "You are not allowed to do this." },
	[M_ERR_NOT_FOUND] = { "找不到这个页面。", "This page does not exist." },
	[M_ERR_METHOD] = { "不支持这种请求方式。",
	    "This method is not allowed here." },
	[M_ERR_TOO_LARGE] = { "提交的内容太大。", "The request is too large." },
	[M_ERR_BUSY] = { "系统繁忙，请稍后再试。",
	    "The system is busy; please try again shortly." },
	[M_ERR_INTERNAL] = { "系统出错，请稍后再试。",
	    "Something failed on our side; please try again later." },
	[M_ERR_ALREADY_IN] = { "你已经登录了。", "You are already logged in." },
	[M_BACK_HOME] = { "返回首页", "Back to the home page" },
	[M_FOOTER] = { "广东省佛山市南海区桂城街道",
	    "Guicheng, Nanhai, Foshan, Guangdong" },
	[M_NAV_COURSES] = { "课程",
	    "Courses" },
	[M_NAV_ROSTER] = { "院校名单",
	    "School rosters" },
	[M_CAT_TITLE] = { "课程目录",
	    "Course catalogue" },
	[M_CAT_SEARCH] = { "搜索课程",
	    "Search courses" },
	[M_CAT_SEARCH_SUBMIT] = { "筛选",
	    "Filter" },
	[M_CAT_ANY] = { "全部",
	    "All" },
	[M_CAT_OPEN_ONLY] = { "只看正在报名的课程",
	    "Open for enrolment only" },
	[M_CAT_NONE] = { "没有符合条件的课程。",
	    "No course matches." },
	[M_CAT_OPEN] = { "报名中",
	    "Open for enrolment" },
	[M_CAT_NOT_OPEN] = { "暂未开放报名",
	    "Not open for enrolment" },
	[M_CAT_SEATS_LEFT] = { "剩余名额",
	    "Seats left" },
	[M_CAT_RUNS] = { "开班",
	    "Runs" },
	[M_TRACK_BOTH] = { "玉雕师与设计师",
	    "Carvers and designers" },
	[M_COURSE_HOURS] = { "学时",
	    "Hours" },
	[M_COURSE_SESSIONS] = { "课次",
	    "Sessions" },
	[M_COURSE_CAPACITY] = { "每班名额",
	    "Seats per run" },
	[M_COURSE_PASS] = { "合格分数",
	    "Pass mark" },
	[M_COURSE_ATTENDANCE] = { "出勤要求（%）",
	    "Attendance required (%)" },
	[M_COURSE_WINDOW] = { "报名时间",
	    "Enrolment window" },
	[M_COURSE_INSTRUCTOR] = { "授课",
	    "Taught by" },
	[M_COURSE_PREREQS] = { "先修课程",
	    "Prerequisites" },
	[M_COURSE_NO_PREREQS] = { "无，零基础可报。",
	    "None: open to beginners." },
	[M_COURSE_STAGE] = { "阶段",
	    "Stage" },
	[M_RUN_DATES] = { "上课日期",
	    "Dates" },
	[M_RUN_NONE] = { "这门课暂时没有开班，请稍后再来看看。",
	    "No run of this course is scheduled yet; please check again soon." },
	[M_RUN_INSTRUCTOR] = { "任课师傅",
	    "Instructor" },
	[M_RUN_TBA] = { "待定",
	    "to be announced" },
	[M_RUN_FULL] = { "已满，可候补",
	    "Full: join the waitlist" },
	[M_RUN_WAITLIST] = { "候补人数",
	    "Waiting" },
	[M_ENROL] = { "报名",
	    "Enrol" },
	[M_ENROL_WAITLIST] = { "加入候补",
	    "Join the waitlist" },
	[M_WITHDRAW] = { "退出",
	    "Withdraw" },
	[M_LOGIN_TO_ENROL] = { "登录后报名",
	    "Log in to enrol" },
	[M_ENROL_DONE] = { "报名成功，你已获得名额。",
	    "You are enrolled: the seat is yours." },
	[M_ENROL_WAITLISTED] = { "名额已满，你已进入候补名单。有人退出时会自动递补。",
	    "The run is full; you are on the waitlist and move up automatically when someone withdraws." },
	[M_ENROL_ALREADY] = { "你已经报名了这个班。",
	    "You are already enrolled in this run." },
	[M_ENROL_ALREADY_WAITING] = { "你已经在候补名单上了。",
	    "You are already on the waitlist." },
	[M_ENROL_NOT_OPEN] = { "这门课还没有开放报名。",
	    "Enrolment for this course has not opened yet." },
	[M_ENROL_CLOSED] = { "这门课的报名已经截止。",
	    "Enrolment for this course has closed." },
	[M_ENROL_PREREQ] = { "还需先完成以下课程：",
	    "You first need to complete:" },
	[M_ENROL_TRACK] = { "这门课面向另一个方向的学员。",
	    "This course is for the other track." },
	[M_WITHDRAWN] = { "你已退出这个班。",
	    "You have withdrawn from this run." },
	[M_NOT_ENROLLED] = { "你没有报名这个班。",
	    "You are not enrolled in this run." },
	[M_STATUS_ENROLLED] = { "已报名",
	    "Enrolled" },
	[M_STATUS_WAITLISTED] = { "候补",
	    "Waitlisted" },
	[M_STATUS_WITHDRAWN] = { "已退出",
	    "Withdrawn" },
	[M_STATUS_PROMOTED] = { "已从候补转为正式学员",
	    "Moved up from the waitlist" },
	[M_PROGRESS] = { "进度",
	    "Progress" },
	[M_ATTENDED] = { "出勤",
	    "Attended" },
	[M_SCORE] = { "成绩",
	    "Score" },
	[M_RESULT_PASSED] = { "已结业",
	    "Completed" },
	[M_RESULT_FAILED] = { "未通过",
	    "Not passed" },
	[M_DESK_TITLE] = { "班级管理",
	    "Run desk" },
	[M_DESK_ROSTER] = { "学员名单",
	    "Roster" },
	[M_DESK_EDIT] = { "修改开班信息",
	    "Edit this run" },
	[M_DESK_SAVE] = { "保存",
	    "Save" },
	[M_DESK_NEW_RUN] = { "新开一个班",
	    "Schedule a new run" },
	[M_DESK_CREATE] = { "开班",
	    "Create run" },
	[M_DESK_STARTS] = { "开课日期",
	    "Starts" },
	[M_DESK_ENDS] = { "结课日期",
	    "Ends" },
	[M_DESK_INSTRUCTOR_ID] = { "任课师傅（用户编号，可空）",
	    "Instructor (user id, optional)" },
	[M_DESK_SESSION] = { "点名：第几次课",
	    "Register for session" },
	[M_DESK_PRESENT] = { "出席",
	    "Present" },
	[M_DESK_SAVE_REGISTER] = { "保存点名",
	    "Save the register" },
	[M_DESK_RECORD] = { "登记成绩",
	    "Record score" },
	[M_DESK_EXPORT] = { "导出名单（CSV）",
	    "Export the roster (CSV)" },
	[M_DESK_SAVED] = { "已保存。",
	    "Saved." },
	[M_DESK_OPEN] = { "管理这个班",
	    "Manage this run" },
	[M_DESK_IMPORT] = { "导入院校名单",
	    "Import a school roster" },
	[M_ERR_RUN] = { "找不到这个班。",
	    "This run does not exist." },
	[M_ERR_COURSE] = { "找不到这门课程。",
	    "This course does not exist." },
	[M_ERR_DATES] = { "请填写正确的日期（年-月-日），结课不能早于开课。",
	    "Please give valid dates (YYYY-MM-DD); the end cannot be before the start." },
	[M_ERR_CAPACITY] = { "名额需要是 1 至 10000 的整数。",
	    "The capacity must be a whole number from 1 to 10000." },
	[M_ERR_INSTRUCTOR] = { "任课人需要是师傅或工作人员的用户编号。",
	    "The instructor must be the user id of a master or staff member." },
	[M_ERR_NOT_INSTRUCTOR] = { "只有这个班的任课师傅或工作人员可以操作。",
	    "Only this run's instructor or the station staff may do this." },
	[M_ERR_SESSION] = { "课次不正确。",
	    "That session number is not valid." },
	[M_ERR_SCORE] = { "成绩需要是 0 至 100 的整数。",
	    "The score must be a whole number from 0 to 100." },
	[M_ERR_NO_SEAT] = { "这位学员没有这个班的正式名额。",
	    "This person holds no seat in this run." },
	[M_ERR_COMPLETED] = { "这位学员已经结业，结业记录不能修改。",
	    "This person has already completed; a completion is never rewritten." },
	[M_ERR_USER] = { "请指定学员。",
	    "Please name the apprentice." },
	[M_ROSTER_TITLE] = { "导入合作院校名单",
	    "Import a partner school roster" },
	[M_ROSTER_HELP] = { "CSV 文件（UTF-8，Excel 另存为“CSV UTF-8”即可），第一行为表头：姓名, 手机号或邮箱, 方向, 学校（学校可空）。新学员会得到一次性激活码。",
	    "A CSV file (UTF-8; Excel's \"CSV UTF-8\" is fine) whose first line is the header: name, account, track, school (school optional). New apprentices get a one-time activation code." },
	[M_ROSTER_RUN] = { "开班编号",
	    "Run number" },
	[M_ROSTER_FILE] = { "名单文件",
	    "Roster file" },
	[M_ROSTER_MODE_ALL] = { "有错误时全部不导入",
	    "Import nothing if any row is wrong" },
	[M_ROSTER_MODE_GOOD] = { "只导入正确的行",
	    "Import the good rows only" },
	[M_ROSTER_SUBMIT] = { "导入",
	    "Import" },
	[M_ROSTER_REJECTED] = { "名单有错误，没有导入任何一行。请修改后重新上传，或选择只导入正确的行。",
	    "The roster has errors and nothing was imported. Fix them and upload again, or choose to import the good rows only." },
	[M_ROSTER_DONE] = { "导入完成。",
	    "The roster was imported." },
	[M_ROSTER_CODES] = { "请把激活码发给新学员（只显示这一次）：",
	    "Give the new apprentices their activation codes (shown only this once):" },
	[M_ROSTER_LINE] = { "行号",
	    "Line" },
	[M_ROSTER_CODE] = { "激活码",
	    "Activation code" },
	[M_ROSTER_EXISTING] = { "已有账号",
	    "Existing account" },
	[M_ERR_ROSTER_FILE] = { "请上传 CSV 名单文件。",
	    "Please upload the roster as a CSV file." },
	[M_ERR_ROSTER_STAFF] = { "名单中有师傅或工作人员的账号，不能作为学员导入。",
	    "The roster names a master or staff login, which cannot be enrolled as an apprentice." },
	[M_CSV_HEADER] = { "第一行需要表头：姓名、手机号或邮箱、方向。",
	    "The first line must be the header: name, account, track." },
	[M_CSV_TOO_MANY] = { "名单太长，一次最多 20000 行。",
	    "The roster is too long: at most 20000 rows at once." },
	[M_CSV_SCHOOL] = { "学校名称太长或含有特殊字符。",
	    "The school name is too long or has control characters." },
	[M_CSV_DUPLICATE] = { "这个账号在名单中重复出现。",
	    "This account appears twice in the roster." },
	[M_CSV_NOT_TEXT] = { "文件不是 UTF-8 文本 CSV。",
	    "The file is not a UTF-8 text CSV." },
	[M_ACTIVATE_TITLE] = { "激活账号",
	    "Activate your account" },
	[M_ACTIVATE_HELP] = { "学校为你导入了账号？请输入手机号或邮箱、激活码，并设置密码。",
	    "Did your school register you? Enter your mobile number or email, your activation code and choose a password." },
	[M_ACTIVATE_CODE] = { "激活码",
	    "Activation code" },
	[M_ACTIVATE_SUBMIT] = { "激活并登录",
	    "Activate and log in" },
	[M_ERR_ACTIVATE] = { "账号或激活码不正确，或已经激活过了。",
	    "The login or activation code is not correct, or the account is already active." },
	[M_CSV_NAME] = { "姓名",
	    "Name" },
	[M_CSV_ACCOUNT] = { "账号",
	    "Account" },
	[M_CSV_SCHOOL_COL] = { "学校",
	    "School" },
	[M_CSV_STATUS] = { "状态",
	    "Status" },
	[M_CSV_POSITION] = { "候补顺位",
	    "Waitlist position" },
	[M_ERR_COMPLETED_SEAT] = { "你已经结业，结业记录会一直保留，不能退出。",
	    "You have completed this course; the record stays, so you cannot withdraw." },
	[M_ERR_RUN_ENDED] = { "这个班已经结课，不能再退出。",
	    "This run is over; there is nothing left to withdraw from." },
	[M_RUN_NONE_TAUGHT] = { "你目前没有任课的班。",
	    "You are not teaching a run at the moment." },
	[M_POSITION] = { "顺位",
	    "position" },
	[M_ROSTER_IN] = { "已导入",
	    "Rows imported" },
	[M_ROSTER_SKIPPED] = { "有错误被跳过",
	    "Rows skipped for errors" },
	[M_CSV_RESULT] = { "结果",
	    "Result" },
};

/* The text of m in lang; never NULL for a key inside the table. */
const char *
i18n(enum lang lang, enum msg m)
{
	if ((unsigned)m >= M__COUNT || texts[m].zh == NULL)
		return ("?");
	if (lang == LANG_EN && texts[m].en != NULL)
		return (texts[m].en);
	return (texts[m].zh);
}

/* The BCP 47 code for <html lang>. */
const char *
i18n_code(enum lang lang)
{
	return (lang == LANG_EN ? "en" : "zh-CN");
}

/* Parse "zh" or "en" (a cookie or a form value); 0 when it is neither. */
int
i18n_parse(const char *s, enum lang *out)
{
	if (s == NULL)
		return (0);
	if (strcmp(s, "zh") == 0) {
		*out = LANG_ZH;
		return (1);
	}
	if (strcmp(s, "en") == 0) {
		*out = LANG_EN;
		return (1);
	}
	return (0);
}

/*
 * Choose a language from an Accept-Language header (RFC 9110 12.5.4):
 * the language range with the highest q among the ones we have, the
 * first listed winning a tie; Chinese when nothing matches or h is NULL.
 */
enum lang
i18n_negotiate(const char *h)
{
	enum lang	 best = LANG_ZH;
	double		 bestq = -1.0, q;
	const char	*p, *end, *semi;
	char		 tag[16];
	size_t		 n, i;

	if (h == NULL)
		return (LANG_ZH);
	for (p = h; *p != '\0'; p = (*end == ',') ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		for (n = 0; p + n < end && p[n] != ';' &&
		    !isspace((unsigned char)p[n]); n++)
			;
		q = 1.0;
		if ((semi = memchr(p, ';', (size_t)(end - p))) != NULL) {
			semi++;
			while (semi < end && isspace((unsigned char)*semi))
				semi++;
			if (semi + 2 <= end && (semi[0] == 'q' ||
			    semi[0] == 'Q') && semi[1] == '=')
				q = strtod(semi + 2, NULL);
		}
		if (n == 0 || n >= sizeof(tag) || q <= 0.0 || q <= bestq)
			continue;
		for (i = 0; i < n; i++)
			tag[i] = (char)tolower((unsigned char)p[i]);
		tag[n] = '\0';
		if (strcmp(tag, "zh") == 0 || strncmp(tag, "zh-", 3) == 0) {
			best = LANG_ZH;
			bestq = q;
		} else if (strcmp(tag, "en") == 0 ||
		    strncmp(tag, "en-", 3) == 0) {
			best = LANG_EN;
			bestq = q;
		}
	}
	return (best);
}

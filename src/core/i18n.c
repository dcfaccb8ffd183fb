/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * i18n.c: the string table (Chinese first, English beside it) and the
 * choice of language for a request. A key missing a language is a bug
 * that tests/unit catches by walking the whole table.
 *
 * The table is written by stage: this file holds the site's own
 * messages (the name, navigation, home, sign-up and log-in, "my page",
 * the common errors) and includes, inside the one initialiser, an
 * i18n_<stage>.h per stage (people, entry, training, incubation,
 * selection, certs, jobs). A new message: its M_X in i18n.h's enum, its
 * texts in the i18n_<stage>.h of the stage that shows it. A second
 * text for the same M_X is an error at compile time (-Woverride-init).
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
	    "Please give a name (1 to 40 characters, without control or "
	    "invisible formatting characters)." },
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
	[M_ERR_THROTTLED_SLOW] = { "这个账号最近有多次失败的登录，请稍等几秒再试。",
	    "This account has had many failed logins lately; please wait a few seconds and try again." },
	[M_ERR_THROTTLED_CODES] = { "从这里发送或输入验证码的次数太多，请一小时后再试。",
	    "Too many codes sent or entered from here; please try again in an hour." },
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
	[M_ERR_PW_QUEUE_FULL] = { "此刻登录的人很多，请几秒钟后再试。",
	    "Many people are logging in right now; please try again in a few seconds." },
	[M_ERR_INTERNAL] = { "系统出错，请稍后再试。",
	    "Something failed on our side; please try again later." },
	[M_ERR_ALREADY_IN] = { "你已经登录了。", "You are already logged in." },
	[M_BACK_HOME] = { "返回首页", "Back to the home page" },
	[M_FOOTER] = { "广东省佛山市南海区桂城街道",
	    "Guicheng, Nanhai, Foshan, Guangdong" },
	[M_PAGE_NEXT] = { "下一页", "Next page" },
	[M_ERR_PAGE_BEFORE] = { "翻页参数 before 须为正整数（上一页最后一条的编号）。",
	    "The page parameter before must be a positive whole number (the "
	    "number of the last row of the previous page)." },

#include "i18n_people.h"
#include "i18n_entry.h"
#include "i18n_training.h"
#include "i18n_incubation.h"
#include "i18n_selection.h"
#include "i18n_certs.h"
#include "i18n_jobs.h"
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

"""Route x role x method: every route of the README's table (and of the
entry stage's, with real course codes and run ids), called by an
anonymous visitor, an apprentice, a master and staff, with GET, HEAD,
POST, PUT and DELETE. The whole expectation is the EXPECT table below.

POSTs carry the caller's valid CSRF token and an empty body (form or
`{}`), so a caller who is let through gets the handler's 400 for the
missing fields and nothing is written; logout rows use a throwaway session.
The training rows whose handler needs no field act on something already
decided (made in prepare()), so the caller let through gets the
handler's 409 and nothing is written either.
"""
import datetime
import os
import re
import unittest

from harness import (PASSWORD, PRIVACY_VERSION, ROOT, ServerTestCase,
                     new_phone, user)
from incub_util import jpeg, upload_api
from training_util import id_number, new_apprentice

ANON, APPR, MASTER, STAFF = "anonymous", "apprentice", "master", "staff"
# 就业: an employer's account (a workshop's), registered and approved in
# prepare_jobs(); it owns posting 1 (open) and 2 (hidden).
EMPLOYER = "employer"
ROLES = (ANON, APPR, MASTER, STAFF, EMPLOYER)
USERS = (APPR, MASTER, STAFF)


def every(exp):
    return {r: exp for r in ROLES}


def anon_users(anon, users, employer=None):
    """Anonymous, and every logged-in role alike — but an employer, who
    reaches no training or certificate route (WHO_MEMBER), when given."""
    d = {ANON: anon}
    d.update({r: users for r in USERS})
    d[EMPLOYER] = users if employer is None else employer
    return d


def staff_only(anon, others, staff):
    return {ANON: anon, APPR: others, MASTER: others, STAFF: staff,
            EMPLOYER: others}


def master_only(anon, others, master):
    return {ANON: anon, APPR: others, MASTER: master, STAFF: others,
            EMPLOYER: others}


def holder(anon, others, employer):
    """A certificate's route: its holder (APPR) and staff see it; an
    employer reaches no certificate route (only what applicants show)."""
    return {ANON: anon, APPR: "200", MASTER: others, STAFF: "200",
            EMPLOYER: employer}


def desk(anon, appr, teacher, staff):
    """A run desk route of run 1, whose instructor is MASTER."""
    return {ANON: anon, APPR: appr, MASTER: teacher, STAFF: staff,
            EMPLOYER: appr}


# The training stage's ids, made in prepare() (a new database).
T_PERSON = 1        # APPR, taken on by MASTER
T_MASTER = 2        # MASTER
T_ENDED = 2         # an ended mentorship of MASTER (with user 4)
T_LOG = 1           # APPR's log entry, confirmed by MASTER
T_CERT = 1          # APPR's level certificate

# An expectation: "STATUS", "STATUS /location" (a redirect's target) or
# "STATUS code" (a JSON route's "error" member).
M405 = every("405")
NO_WRITE = {"PUT": M405, "DELETE": M405}

# path -> method -> role -> expectation. HEAD answers like GET, no body.
EXPECT = {
    "/": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/register": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/login": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/logout": {
        "GET": M405,
        "POST": anon_users("401", "303 /"), **NO_WRITE},
    "/me": {
        "GET": anon_users("303 /login", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/users": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/lang?to=en&next=/me": {
        "GET": every("303 /me"),
        "POST": M405, **NO_WRITE},
    "/assets/yujiang.css": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/assets/verify.js": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/healthz": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/hello": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    # Every role alike (it has no session): the test client talks to
    # Kore from 127.0.0.1, without a proxy's headers (test_metrics.py).
    "/metrics": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/api/v1/csrf": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/register": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_name", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/login": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 bad_request", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/logout": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "200"), **NO_WRITE},
    "/api/v1/me": {
        "GET": anon_users("401 login_required", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/inbox": {
        "GET": anon_users("303 /login", "200"),
        "POST": M405, **NO_WRITE},
    "/inbox/read": {
        "GET": M405,
        "POST": anon_users("401", "400"), **NO_WRITE},
    "/me/notifications": {
        "GET": anon_users("303 /login", "200"),
        "POST": anon_users("401", "400"), **NO_WRITE},
    "/api/v1/inbox": {
        "GET": anon_users("401 login_required", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/inbox/read": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "400 invalid_read"),
        **NO_WRITE},
    "/api/v1/me/notifications": {
        "GET": anon_users("401 login_required", "200"),
        "POST": anon_users("401 login_required", "400 invalid_choice"),
        **NO_WRITE},
    "/api/v1/users": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},

    # 身份 identity. The fixture people are made by the admin tool and
    # so verified: confirming again is a no-op, a new code is refused.
    "/confirm": {
        "GET": anon_users("303 /login", "200"),
        "POST": anon_users("401", "303 /me"), **NO_WRITE},
    "/confirm/resend": {
        "GET": M405,
        "POST": anon_users("401", "409"), **NO_WRITE},
    "/claim": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/claim/confirm": {
        "GET": M405,
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/reset": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/reset/confirm": {
        "GET": M405,
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/me/password": {
        "GET": anon_users("303 /login", "200"),
        "POST": anon_users("401", "400"), **NO_WRITE},
    "/me/sessions": {
        "GET": anon_users("303 /login", "200"),
        "POST": anon_users("401", "303 /me/sessions"), **NO_WRITE},
    "/me/account": {
        "GET": anon_users("303 /login", "200"),
        "POST": anon_users("401", "400"), **NO_WRITE},
    "/me/account/confirm": {
        "GET": M405,
        "POST": anon_users("401", "400"), **NO_WRITE},
    "/staff/outbox": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/outbox/1/retry": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/api/v1/confirm": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "200"), **NO_WRITE},
    "/api/v1/confirm/resend": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "409 already_verified"),
        **NO_WRITE},
    "/api/v1/claim": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_account", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/claim/confirm": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_name", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/reset": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_account", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/reset/confirm": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_account", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/me/password": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "400 wrong_password"),
        **NO_WRITE},
    "/api/v1/me/sessions": {
        "GET": anon_users("401 login_required", "200"),
        "POST": anon_users("401 login_required", "200"), **NO_WRITE},
    "/api/v1/me/account": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "400 invalid_account"),
        **NO_WRITE},
    "/api/v1/me/account/confirm": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "400 invalid_code"),
        **NO_WRITE},
    "/api/v1/outbox": {
        "GET": staff_only("401 login_required", "403 forbidden", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/outbox/1/retry": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 not_dead"), **NO_WRITE},

    # 入门 entry. Runs made in prepare(): 1 is taught by MASTER (the desk
    # rows), 2 and 3 are enrolled into by these very calls (HTML, API),
    # 4 and 5 have nobody to withdraw. POSTs carry no fields: a caller
    # let through gets the handler's 400 — except enrol and withdraw,
    # which need none.
    "/courses": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/courses?track=carver&stage=training&open=1&q=%E7%8E%89%E9%95%AF": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/courses/JB101": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/courses/ZZ999": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    "/courses/JB101/runs": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/runs/1": {
        "GET": desk("303 /login", "403", "200", "200"),
        # Changing a run (dates, seats, instructor) is the staff's; the
        # instructor's desk is read and register only (desk.c).
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/runs/2/enrol": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "303 /courses/JB101?done=enrolled#run-2",
                 MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"}, **NO_WRITE},
    "/runs/4/withdraw": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "409", MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/runs/1/attendance": {
        "GET": M405,
        "POST": desk("401", "403", "400", "400"), **NO_WRITE},
    "/runs/1/result": {
        "GET": M405,
        "POST": desk("401", "403", "400", "400"), **NO_WRITE},
    "/runs/1/enrolments.csv": {
        "GET": desk("303 /login", "403", "200", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/roster": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/activate": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/api/v1/courses": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/courses/JB101": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/courses/ZZ999": {
        "GET": every("404 not_found"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/courses/JB101/runs": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_dates"), **NO_WRITE},
    "/api/v1/runs/1": {
        "GET": desk("401 login_required", "403 forbidden", "200", "200"),
        "POST": staff_only("401 login_required", "403",
                           "400 invalid_dates"), **NO_WRITE},
    "/api/v1/runs/3/enrol": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "201",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/runs/5/withdraw": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "409 not_enrolled",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/runs/1/attendance": {
        "GET": every("405 method_not_allowed"),
        "POST": desk("401 login_required", "403 forbidden",
                     "400 invalid_session", "400 invalid_session"),
        **NO_WRITE},
    "/api/v1/runs/1/result": {
        "GET": every("405 method_not_allowed"),
        "POST": desk("401 login_required", "403 forbidden",
                     "400 invalid_user", "400 invalid_user"), **NO_WRITE},
    "/api/v1/me/enrolments": {
        "GET": {ANON: "401 login_required", APPR: "200",
                MASTER: "403 forbidden", STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/roster": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_run"), **NO_WRITE},
    "/api/v1/activate": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 activation_failed",
                           "409 already_logged_in"), **NO_WRITE},
    # 培养 training. Made in prepare(), with ids fixed in a new database:
    # APPR (user 1) asked MASTER (user 2), who took them on (mentorship
    # 1) and confirmed their log entry 1; mentorship 2 (MASTER and user 4)
    # has ended. So asking MASTER again is 409 already_asked, deciding or
    # recommending mentorship 2 or log entry 1 is 409 already_decided,
    # and MASTER may see APPR's page.
    "/masters": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/masters/%d" % T_MASTER: {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/masters/999999": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    "/masters/%d/lineage.png" % T_MASTER: {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/masters/999999/lineage.png": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    "/masters/%d/ask" % T_MASTER: {
        "GET": M405,
        "POST": {ANON: "401", APPR: "409", MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"}, **NO_WRITE},
    "/masters/%d/limit" % T_MASTER: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/mentorships/%d/accept" % T_ENDED: {
        "GET": M405,
        "POST": master_only("401", "403", "409"), **NO_WRITE},
    "/mentorships/%d/decline" % T_ENDED: {
        "GET": M405,
        "POST": master_only("401", "403", "409"), **NO_WRITE},
    "/mentorships/%d/end" % T_ENDED: {
        "GET": M405,
        "POST": anon_users("401", "400", "403"), **NO_WRITE},
    "/mentorships/%d/recommend" % T_ENDED: {
        "GET": M405,
        "POST": master_only("401", "403", "409"), **NO_WRITE},
    "/training": {
        "GET": {ANON: "303 /login", APPR: "200", MASTER: "200",
                STAFF: "403",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/training/log": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "400", MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/training/log/%d/confirm" % T_LOG: {
        "GET": M405,
        "POST": master_only("401", "403", "409"), **NO_WRITE},
    "/training/log/%d/reject" % T_LOG: {
        "GET": M405,
        "POST": master_only("401", "403", "409"), **NO_WRITE},
    "/people/%d" % T_PERSON: {
        "GET": anon_users("303 /login", "200", "403"),
        "POST": M405, **NO_WRITE},
    "/people/%d/level" % T_PERSON: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/people/%d/stage" % T_PERSON: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/people/%d/quota" % T_PERSON: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/api/v1/masters": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/masters/%d" % T_MASTER: {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/masters/999999": {
        "GET": every("404 not_found"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/masters/%d/ask" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "409 already_asked",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"}, **NO_WRITE},
    "/api/v1/masters/%d/limit" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_limit"), **NO_WRITE},
    "/api/v1/mentorships/%d/accept" % T_ENDED: {
        "GET": every("405 method_not_allowed"),
        "POST": master_only("401 login_required", "403 forbidden",
                            "409 already_decided"), **NO_WRITE},
    "/api/v1/mentorships/%d/decline" % T_ENDED: {
        "GET": every("405 method_not_allowed"),
        "POST": master_only("401 login_required", "403 forbidden",
                            "409 already_decided"), **NO_WRITE},
    "/api/v1/mentorships/%d/end" % T_ENDED: {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "400 invalid_reason",
                           "403 forbidden"), **NO_WRITE},
    "/api/v1/mentorships/%d/recommend" % T_ENDED: {
        "GET": every("405 method_not_allowed"),
        "POST": master_only("401 login_required", "403 forbidden",
                            "409 already_decided"), **NO_WRITE},
    "/api/v1/training": {
        "GET": {ANON: "401 login_required", APPR: "200", MASTER: "200",
                STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/training/log": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "400 invalid_day",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/training/log/%d/confirm" % T_LOG: {
        "GET": every("405 method_not_allowed"),
        "POST": master_only("401 login_required", "403 forbidden",
                            "409 already_decided"), **NO_WRITE},
    "/api/v1/training/log/%d/reject" % T_LOG: {
        "GET": every("405 method_not_allowed"),
        "POST": master_only("401 login_required", "403 forbidden",
                            "409 already_decided"), **NO_WRITE},
    "/api/v1/people/%d" % T_PERSON: {
        "GET": anon_users("401 login_required", "200", "403 forbidden"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/people/%d/level" % T_PERSON: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_level"), **NO_WRITE},
    "/api/v1/people/%d/quota" % T_PERSON: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_quota"), **NO_WRITE},
    "/api/v1/people/%d/stage" % T_PERSON: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_stage"), **NO_WRITE},

    # 实名核验 and PIPL. Empty bodies: no password, no document type.
    "/privacy": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/me/data": {
        "GET": anon_users("303 /login", "200"),
        "POST": M405, **NO_WRITE},
    "/me/export.zip": {
        "GET": anon_users("303 /login", "200"),
        "POST": M405, **NO_WRITE},
    "/me/delete": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "400", MASTER: "400", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/people/%d/identity" % T_PERSON: {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/people/%d/identity/name" % T_PERSON: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/people/%d/guardian" % T_PERSON: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/people/%d/export.zip" % T_PERSON: {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/api/v1/privacy": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/me/data": {
        "GET": anon_users("401 login_required", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/me/delete": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "400 password_required",
                 MASTER: "400 password_required", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/people/%d/identity" % T_PERSON: {
        "GET": staff_only("401 login_required", "403 forbidden", "200"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_doc_type"), **NO_WRITE},
    "/api/v1/people/%d/identity/name" % T_PERSON: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},
    "/api/v1/people/%d/guardian" % T_PERSON: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_guardian"), **NO_WRITE},

    # 证书 certificates. Certificate 1 is APPR's (a level, issued in
    # prepare()); run 1 has no graduates, so no batch exists.
    "/certs": {
        "GET": anon_users("303 /login", "200", "403"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/certs/share": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "400", MASTER: "400", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/certs/%d" % T_CERT: {
        "GET": holder("303 /login", "404", "403"),
        "POST": M405, **NO_WRITE},
    "/certs/%d.png" % T_CERT: {
        "GET": holder("303 /login", "404", "403"),
        "POST": M405, **NO_WRITE},
    "/certs/%d.pdf" % T_CERT: {
        "GET": holder("303 /login", "404", "403"),
        "POST": M405, **NO_WRITE},
    "/certs/%d/credential.json" % T_CERT: {
        "GET": holder("303 /login", "404", "403"),
        "POST": M405, **NO_WRITE},
    "/certs/%d/revoke" % T_CERT: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/certs/%d/reissue" % T_CERT: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/runs/1/certificates": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/batches/1": {
        "GET": staff_only("303 /login", "403", "404"),
        "POST": M405, **NO_WRITE},
    "/batches/1.zip": {
        "GET": staff_only("303 /login", "403", "404"),
        "POST": M405, **NO_WRITE},
    "/v/0123456789abcdef": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    "/verify": {
        "GET": every("200"),
        "POST": every("400"), **NO_WRITE},
    "/api/v1/certs": {
        "GET": anon_users("401 login_required", "200", "403 forbidden"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_event"), **NO_WRITE},
    "/api/v1/certs/share": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "400 invalid_share",
                 MASTER: "400 invalid_share", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/certs/%d" % T_CERT: {
        "GET": holder("401 login_required", "404 not_found",
                      "403 forbidden"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/certs/%d/revoke" % T_CERT: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/api/v1/certs/%d/reissue" % T_CERT: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/api/v1/runs/1/certificates": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden", "200"),
        **NO_WRITE},
    "/api/v1/batches/1": {
        "GET": staff_only("401 login_required", "403 forbidden",
                          "404 not_found"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/verify/0123456789abcdef": {
        "GET": every("404"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/verify": {
        "GET": every("405 method_not_allowed"),
        "POST": every("400 invalid_lookup"), **NO_WRITE},
    "/api/v1/keys": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    # The station's did:web document: anyone, no session.
    "/.well-known/did.json": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    # Suspension (staff) and the W3C status lists (anyone, no session).
    "/certs/%d/suspend" % T_CERT: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/certs/%d/reinstate" % T_CERT: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/api/v1/certs/%d/suspend" % T_CERT: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/api/v1/certs/%d/reinstate" % T_CERT: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/status/revocation": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/status/suspension": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/api/v1/status/revocation": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/status/suspension": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},

    # 孵化 incubation. Work 1 is APPR's (private; MASTER is APPR's master,
    # so sees it); cohort 1 was opened by staff, with nobody in it yet.
    "/works": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/portfolio": {
        "GET": {ANON: "303 /login", APPR: "200", MASTER: "200",
                STAFF: "403",
                EMPLOYER: "403"},
        "POST": {ANON: "401", APPR: "400", MASTER: "400", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/works/1": {
        "GET": {ANON: "404", APPR: "200", MASTER: "200", STAFF: "200",
                EMPLOYER: "404"},
        "POST": {ANON: "401", APPR: "400", MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/works/1/photos": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "400", MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/works/1/comments": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "400", STAFF: "400",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/photos/1/thumb.jpg": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    # No photo 1 in this database: a caller let through gets 404.
    "/photos/1/delete": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "404", MASTER: "404", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/api/v1/photos/1/delete": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "404 not_found",
                 MASTER: "404 not_found", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/cohorts": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "200",
                STAFF: "200",
                EMPLOYER: "403"},
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/cohorts/1": {
        "GET": {ANON: "303 /login", APPR: "404", MASTER: "404",
                STAFF: "200",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/cohorts/1/admit": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/cohorts/1/milestones": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/milestones/1/sign": {
        "GET": M405,
        "POST": master_only("401", "403", "400"), **NO_WRITE},
    "/masters/%d/speciality" % T_MASTER: {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "400", STAFF: "400",
                 EMPLOYER: "403"}, **NO_WRITE},
    # 非遗 the heritage record: MASTER has none yet, so the public page
    # is 404, an empty draft is 400 and there is nothing to decide (409).
    "/masters/%d/heritage" % T_MASTER: {
        "GET": every("404"),
        "POST": {ANON: "401", APPR: "403", MASTER: "400", STAFF: "400",
                EMPLOYER: "403"},
        **NO_WRITE},
    "/masters/999999/heritage": {
        "GET": every("404"),
        "POST": {ANON: "401", APPR: "403", MASTER: "404", STAFF: "404",
                EMPLOYER: "403"},
        **NO_WRITE},
    "/masters/%d/heritage/edit" % T_MASTER: {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "200",
                STAFF: "200",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/masters/%d/heritage/photos" % T_MASTER: {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "400", STAFF: "400",
                EMPLOYER: "403"},
        **NO_WRITE},
    "/masters/%d/heritage/photos/remove" % T_MASTER: {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "400", STAFF: "400",
                EMPLOYER: "403"},
        **NO_WRITE},
    "/masters/%d/heritage/approve" % T_MASTER: {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/masters/%d/heritage/refuse" % T_MASTER: {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/staff/heritage": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/dashboard": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/dashboard/funnel.png": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/dashboard/stages.csv": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/api/v1/works": {
        "GET": every("200"),
        "POST": {ANON: "401 login_required", APPR: "400 invalid_title",
                 MASTER: "400 invalid_title", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/portfolio": {
        "GET": {ANON: "401 login_required", APPR: "200", MASTER: "200",
                STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/works/1": {
        "GET": {ANON: "404 not_found", APPR: "200", MASTER: "200",
                STAFF: "200",
                EMPLOYER: "404 not_found"},
        "POST": {ANON: "401 login_required", APPR: "400 invalid_title",
                 MASTER: "403 not_yours", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/works/1/photos": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "400 no_photo",
                 MASTER: "403 not_yours", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/works/1/comments": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "400 invalid_comment",
                 STAFF: "400 invalid_comment",
                 EMPLOYER: "403 forbidden"}, **NO_WRITE},
    "/api/v1/cohorts": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "200", STAFF: "200",
                EMPLOYER: "403 forbidden"},
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},
    "/api/v1/cohorts/1": {
        "GET": {ANON: "401 login_required", APPR: "404 not_found",
                MASTER: "404 not_found", STAFF: "200",
                EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/cohorts/1/admit": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_user"), **NO_WRITE},
    "/api/v1/cohorts/1/milestones": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_title"), **NO_WRITE},
    "/api/v1/milestones/1/sign": {
        "GET": every("405 method_not_allowed"),
        "POST": master_only("401 login_required", "403 forbidden",
                            "400 invalid_user"), **NO_WRITE},
    "/api/v1/masters/%d/speciality" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "400 invalid_speciality",
                 STAFF: "400 invalid_speciality",
                 EMPLOYER: "403 forbidden"}, **NO_WRITE},
    "/api/v1/masters/%d/heritage" % T_MASTER: {
        "GET": every("404 not_published"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "400 empty", STAFF: "400 empty",
                EMPLOYER: "403 forbidden"}, **NO_WRITE},
    "/api/v1/masters/%d/heritage/photos" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "400 invalid_photo", STAFF: "400 invalid_photo",
                EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/masters/%d/heritage/photos/remove" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "400 invalid_pos", STAFF: "400 invalid_pos",
                EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/masters/%d/heritage/approve" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 no_draft"), **NO_WRITE},
    "/api/v1/masters/%d/heritage/refuse" % T_MASTER: {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/api/v1/dashboard": {
        "GET": staff_only("401 login_required", "403 forbidden", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},

    # 评选 selection. Made in prepare_selection(): competition 1 takes
    # entries and has none (so opening it is 409 no_entries, locking and
    # publishing 409 wrong_state); competition 2 is published — its one
    # entry (entry 1, by an apprentice of MASTER's, so MASTER was recused
    # and no sheet exists: no award, no batch); competition 3 is being
    # judged by MASTER, who has a final sheet for its entry 2. No title
    # nomination exists. POSTs carry no fields: a caller let through gets
    # the handler's 400, or the 409 of the step it asks for.
    "/competitions": {
        "GET": every("200"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/1": {
        "GET": every("200"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/999999": {
        "GET": every("404"),
        "POST": staff_only("401", "403", "404"), **NO_WRITE},
    "/competitions/1/categories": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/1/judges": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/1/entries": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "400", MASTER: "403", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/competitions/1/open": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/competitions/1/lock": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/competitions/1/publish": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/competitions/1/remark": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/1/recusals": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/2/results": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/competitions/3/results": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    "/competitions/2/results.csv": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/competitions/3/results.csv": {
        "GET": every("404"),
        "POST": M405, **NO_WRITE},
    "/competitions/3/judges.png": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/entries/1": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/entries/2": {
        "GET": {ANON: "404", APPR: "404", MASTER: "404", STAFF: "200",
                EMPLOYER: "404"},
        "POST": M405, **NO_WRITE},
    "/entries/1/check": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/entries/1/photos/1.jpg": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/entries/2/photos/1.jpg": {
        "GET": {ANON: "404", APPR: "404", MASTER: "200", STAFF: "200",
                EMPLOYER: "404"},
        "POST": M405, **NO_WRITE},
    "/entries/2/photos/2.jpg": {
        "GET": {ANON: "404", APPR: "404", MASTER: "404", STAFF: "404",
                EMPLOYER: "404"},
        "POST": M405, **NO_WRITE},
    "/entries/2/spread.png": {
        "GET": {ANON: "303 /login", APPR: "404", MASTER: "404",
                STAFF: "200",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/judging": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "200",
                STAFF: "403",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/judging/2": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "200",
                STAFF: "403",
                EMPLOYER: "403"},
        "POST": {ANON: "401", APPR: "403", MASTER: "400", STAFF: "403",
                 EMPLOYER: "403"},
        **NO_WRITE},
    "/nominations": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/nominations/1/confirm": {
        "GET": M405,
        "POST": staff_only("401", "403", "404"), **NO_WRITE},
    "/nominations/1/decline": {
        "GET": M405,
        "POST": staff_only("401", "403", "404"), **NO_WRITE},
    # 十大金牌导购大师. Competition 4 (made in prepare_selection()) is a
    # guide selection taking nominations, with nominee 1 (APPR, entered
    # by staff, eligible); no vote exists. Competition 2 is published, so
    # making it a guide selection is 409. No nominee has the code
    # ABCDEFGH.
    "/competitions/2/guide": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/competitions/4/guides": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/competitions/4/nominees": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "403", STAFF: "400",
                 EMPLOYER: "400"}, **NO_WRITE},
    "/nominees/1/check": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/nominees/1/recusals": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/4/vote": {
        "GET": M405,
        "POST": anon_users("401", "400"), **NO_WRITE},
    "/competitions/4/votes": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/votes/1/void": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/4/complaints": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/competitions/4/honours": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/judging/guides": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "200",
                STAFF: "403",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/judging/guides/ABCDEFGH": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "404",
                STAFF: "404",
                EMPLOYER: "403"},
        "POST": {ANON: "401", APPR: "403", MASTER: "404", STAFF: "403",
                EMPLOYER: "403"},
        **NO_WRITE},
    "/judging/guides/ABCDEFGH/photo.jpg": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "404",
                STAFF: "404",
                EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/api/v1/competitions": {
        "GET": every("200"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},
    "/api/v1/competitions/1": {
        "GET": every("200"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},
    "/api/v1/competitions/999999": {
        "GET": every("404 not_found"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "404 not_found"), **NO_WRITE},
    "/api/v1/competitions/1/categories": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},
    "/api/v1/competitions/1/judges": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_category"), **NO_WRITE},
    "/api/v1/competitions/1/entries": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "400 invalid_category",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/competitions/1/open": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 no_entries"), **NO_WRITE},
    "/api/v1/competitions/1/lock": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 wrong_state"), **NO_WRITE},
    "/api/v1/competitions/1/publish": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 wrong_state"), **NO_WRITE},
    "/api/v1/competitions/1/remark": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_entry"), **NO_WRITE},
    "/api/v1/competitions/1/recusals": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_entry"), **NO_WRITE},
    "/api/v1/competitions/2/results": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/competitions/3/results": {
        "GET": every("404 not_published"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/entries/1": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/entries/2": {
        "GET": {ANON: "404 not_found", APPR: "404 not_found",
                MASTER: "404 not_found", STAFF: "200",
                EMPLOYER: "404 not_found"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/entries/1/check": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_verdict"), **NO_WRITE},
    "/api/v1/judging": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "200", STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/judging/2": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "200", STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "400 invalid_marks", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/judging/1": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "409 wrong_state", STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "409 wrong_state", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"},
        **NO_WRITE},
    "/api/v1/nominations": {
        "GET": staff_only("401 login_required", "403 forbidden", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/nominations/1/confirm": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "404 not_found"), **NO_WRITE},
    "/api/v1/nominations/1/decline": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "404 not_found"), **NO_WRITE},
    "/api/v1/competitions/2/guide": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 wrong_state"), **NO_WRITE},
    "/api/v1/competitions/4/guides": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/competitions/4/nominees": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "403 forbidden", STAFF: "400 invalid_nomination",
                 EMPLOYER: "400 invalid_nomination"}, **NO_WRITE},
    "/api/v1/nominees/1/check": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_verdict"), **NO_WRITE},
    "/api/v1/nominees/1/recusals": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_judge"), **NO_WRITE},
    "/api/v1/competitions/4/vote": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "400 invalid_nominee"),
        **NO_WRITE},
    "/api/v1/competitions/4/votes": {
        "GET": staff_only("401 login_required", "403 forbidden", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/votes/1/void": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/api/v1/competitions/4/complaints": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_nominee"), **NO_WRITE},
    "/api/v1/competitions/4/honours": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/judging/guides": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "200", STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/judging/guides/ABCDEFGH": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "404 not_found", STAFF: "404 not_found",
                EMPLOYER: "403 forbidden"},
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "404 not_found", STAFF: "403 forbidden",
                EMPLOYER: "403 forbidden"},
        **NO_WRITE},

    # 就业 jobs. Made in prepare_jobs(): the EMPLOYER's employer 1,
    # posting 1 (open) and 2 (hidden), APPR's application 1 to posting 1,
    # declined. POSTs carry no fields: a caller let through gets the
    # handler's 400, or 409 on what is decided, and nothing is written.
    "/jobs": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/jobs?page=2": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/jobs/1": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/jobs/2": {
        "GET": {ANON: "404", APPR: "404", MASTER: "404", STAFF: "200",
                EMPLOYER: "200"},
        "POST": M405, **NO_WRITE},
    "/jobs/2/apply": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "404", MASTER: "404", STAFF: "403",
                 EMPLOYER: "403"}, **NO_WRITE},
    "/jobs/1/approve": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/jobs/1/hide": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/jobs/register": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/employer": {
        "GET": {ANON: "303 /login", APPR: "403", MASTER: "403",
                STAFF: "403", EMPLOYER: "200"},
        "POST": M405, **NO_WRITE},
    "/employer/postings": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "403", STAFF: "403",
                 EMPLOYER: "400"}, **NO_WRITE},
    "/me/applications": {
        "GET": {ANON: "303 /login", APPR: "200", MASTER: "200",
                STAFF: "403", EMPLOYER: "403"},
        "POST": M405, **NO_WRITE},
    "/applications/1": {
        "GET": {ANON: "303 /login", APPR: "200", MASTER: "404",
                STAFF: "403", EMPLOYER: "200"},
        "POST": M405, **NO_WRITE},
    "/applications/1/step": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "403", MASTER: "403", STAFF: "403",
                 EMPLOYER: "400"}, **NO_WRITE},
    "/applications/1/withdraw": {
        "GET": M405,
        "POST": {ANON: "401", APPR: "409", MASTER: "404", STAFF: "403",
                 EMPLOYER: "403"}, **NO_WRITE},
    "/staff/jobs": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": M405, **NO_WRITE},
    "/employers/1/approve": {
        "GET": M405,
        "POST": staff_only("401", "403", "409"), **NO_WRITE},
    "/employers/1/suspend": {
        "GET": M405,
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/api/v1/jobs": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/jobs/register": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_business", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/jobs/1": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/jobs/2": {
        "GET": {ANON: "404 not_found", APPR: "404 not_found",
                MASTER: "404 not_found", STAFF: "200", EMPLOYER: "200"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/jobs/2/apply": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "404 not_found",
                 MASTER: "404 not_found", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"}, **NO_WRITE},
    "/api/v1/jobs/1/approve": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 already_so"), **NO_WRITE},
    "/api/v1/jobs/1/hide": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},
    "/api/v1/employer": {
        "GET": {ANON: "401 login_required", APPR: "403 forbidden",
                MASTER: "403 forbidden", STAFF: "403 forbidden",
                EMPLOYER: "200"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/employer/postings": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "400 invalid_title"}, **NO_WRITE},
    "/api/v1/me/applications": {
        "GET": {ANON: "401 login_required", APPR: "200", MASTER: "200",
                STAFF: "403 forbidden", EMPLOYER: "403 forbidden"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/applications/1": {
        "GET": {ANON: "401 login_required", APPR: "200",
                MASTER: "404 not_found", STAFF: "403 forbidden",
                EMPLOYER: "200"},
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/applications/1/step": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "403 forbidden",
                 MASTER: "403 forbidden", STAFF: "403 forbidden",
                 EMPLOYER: "400 invalid_step"}, **NO_WRITE},
    "/api/v1/applications/1/withdraw": {
        "GET": every("405 method_not_allowed"),
        "POST": {ANON: "401 login_required", APPR: "409 step_not_allowed",
                 MASTER: "404 not_found", STAFF: "403 forbidden",
                 EMPLOYER: "403 forbidden"}, **NO_WRITE},
    "/api/v1/staff/jobs": {
        "GET": staff_only("401 login_required", "403 forbidden", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/employers/1/approve": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "409 already_so"), **NO_WRITE},
    "/api/v1/employers/1/suspend": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_reason"), **NO_WRITE},

    # Not routed at all: Kore's own 404.
    "/no/such/page": {
        "GET": every("404"), "POST": every("404"), "PUT": every("404"),
        "DELETE": every("404")},
}

# Rows whose POST ends the session: each call gets a fresh login.
SESSION_ENDING = {"/logout", "/api/v1/logout"}
# Routes of the README table served outside the dispatcher (R_DIRECT).
DIRECT = {"/assets/yujiang.css", "/assets/verify.js", "/hello"}


def parse(exp):
    status, _, detail = exp.partition(" ")
    return int(status), detail or None


class RouteRoleMatrixTest(ServerTestCase):
    users = {
        APPR: user("学员", "apprentice"),
        MASTER: user("师傅", "master", track="designer"),
        STAFF: user("工作人员", "staff"),
        "former": user("出师学员", "apprentice"),
    }

    @classmethod
    def prepare(cls):
        cls.clients = {}
        for role in ROLES:
            if role == EMPLOYER:
                continue        # registers itself: prepare_jobs()
            c = cls.server.client()
            if role == ANON:
                c.get("/api/v1/csrf")       # the yj_csrf cookie
                token = c.cookies["yj_csrf"]
            else:
                r = c.login_api(cls.accounts[role])
                if r.status != 200:
                    raise AssertionError("login as %s: %r" % (role, r))
                token = r.json()["csrf"]
            cls.clients[role] = (c, token)
        # The runs the entry rows name (ids 1..5 in a new database).
        staff = cls.clients[STAFF][0]
        master_id = cls.clients[MASTER][0].get(
            "/api/v1/me").json()["user"]["id"]
        cst = datetime.timezone(datetime.timedelta(hours=8))
        today = datetime.datetime.now(cst)
        for n in range(1, 6):
            r = staff.post_json("/api/v1/courses/JB101/runs", dict(
                {"starts": (today + datetime.timedelta(4)).strftime(
                    "%Y-%m-%d"),
                 "ends": (today + datetime.timedelta(65)).strftime(
                     "%Y-%m-%d"),
                 "capacity": 30},
                **({"instructor": master_id} if n == 1 else {})))
            if r.status != 201 or r.json()["run"]["id"] != n:
                raise AssertionError("run %d: %r" % (n, r))
        cls.prepare_training(today.strftime("%Y-%m-%d"))
        cls.prepare_selection()
        cls.prepare_jobs(today)

    @classmethod
    def prepare_jobs(cls, today):
        """The jobs rows' fixtures (ids fixed in a new database): the
        EMPLOYER (user 7) registers itself, proves its phone, and staff
        approve it (employer 1); its posting 1 is open, posting 2 hidden;
        APPR applied to posting 1 (application 1) and the employer
        declined it, so it is decided: withdrawing it is 409."""
        def post(role, path, body=None):
            c, token = cls.clients[role]
            r = c.post_json(path, body or {}, csrf=token)
            if r.status not in (200, 201):
                raise AssertionError("%s %s: %r" % (role, path, r))
            return r.json()

        c = cls.server.client()
        account = new_phone()
        r = c.post_json("/api/v1/jobs/register", {
            "business": "矩阵翠玉坊", "credit_code": "91350100M000100Y43",
            "name": "梁老板", "account": account, "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        if r.status != 201 or r.json()["user"]["id"] != 7:
            raise AssertionError("employer: %r" % r)
        c.verify_account(account)
        cls.accounts[EMPLOYER] = account
        cls.clients[EMPLOYER] = (c, r.json()["csrf"])
        post(STAFF, "/api/v1/employers/1/approve")
        closes = (today + datetime.timedelta(30)).strftime("%Y-%m-%d")
        for n in (1, 2):
            if post(EMPLOYER, "/api/v1/employer/postings", {
                    "title": "矩阵岗位%d" % n, "track": "carver",
                    "level": 0, "pay_min": 5000, "pay_max": 8000,
                    "place": "平洲", "closes": closes})[
                    "posting"]["id"] != n:
                raise AssertionError("posting %d" % n)
        post(STAFF, "/api/v1/jobs/1/approve")
        post(STAFF, "/api/v1/jobs/2/hide", {"reason": "矩阵测试"})
        if post(APPR, "/api/v1/jobs/1/apply")["application"]["id"] != 1:
            raise AssertionError("application 1")
        post(EMPLOYER, "/api/v1/applications/1/step", {"to": "declined"})

    @classmethod
    def prepare_training(cls, today):
        """The mentorships and the log entry the training rows name."""
        def post(role, path, body=None):
            c, token = cls.clients[role]
            r = c.post_json(path, body or {}, csrf=token)
            if r.status not in (200, 201):
                raise AssertionError("%s %s: %r" % (role, path, r))
            return r.json()

        ids = {role: cls.clients[role][0].get("/api/v1/me").json()[
            "user"]["id"] for role in USERS}
        if ids != {APPR: T_PERSON, MASTER: T_MASTER, STAFF: 3}:
            raise AssertionError("unexpected user ids: %r" % ids)
        former = cls.server.client()
        r = former.login_api(cls.accounts["former"])
        if r.status != 200 or r.json()["user"]["id"] != 4:
            raise AssertionError("login as former: %r" % r)
        cls.clients["former"] = (former, r.json()["csrf"])
        if post(APPR, "/api/v1/masters/%d/ask" % T_MASTER, {
                "message": "师傅好"})["mentorship"] != 1:
            raise AssertionError("mentorship 1")
        post(MASTER, "/api/v1/mentorships/1/accept")
        if post("former", "/api/v1/masters/%d/ask" % T_MASTER)[
                "mentorship"] != T_ENDED:
            raise AssertionError("mentorship %d" % T_ENDED)
        post(MASTER, "/api/v1/mentorships/%d/accept" % T_ENDED)
        post(MASTER, "/api/v1/mentorships/%d/end" % T_ENDED,
             {"reason": "出师"})
        if post(APPR, "/api/v1/training/log", {
                "day": today, "hours": "1", "skill": "carving"})[
                "id"] != T_LOG:
            raise AssertionError("log entry %d" % T_LOG)
        post(MASTER, "/api/v1/training/log/%d/confirm" % T_LOG)
        post(STAFF, "/api/v1/people/%d/level" % T_PERSON, {
            "level": 1, "evidence": "考核合格"})
        # A certificate needs its holder's identity checked (实名核验).
        post(STAFF, "/api/v1/people/%d/identity" % T_PERSON, {
            "doc_type": "resident_id", "number": id_number(T_PERSON),
            "name": "学徒", "consent": True})
        if post(STAFF, "/api/v1/certs", {"event": "level:1"})[
                "certificate"]["id"] != T_CERT:
            raise AssertionError("certificate %d" % T_CERT)
        if post(APPR, "/api/v1/works", {"title": "作品", "material":
                                        "other"})["work"]["id"] != 1:
            raise AssertionError("work 1")
        if post(STAFF, "/api/v1/cohorts", {
                "name": "孵化班", "starts": today, "ends": today,
                "places": 5})["cohort"]["id"] != 1:
            raise AssertionError("cohort 1")

    @classmethod
    def prepare_selection(cls):
        """The competitions and entries the selection rows name (ids
        fixed in a new database): users 5 (an apprentice of MASTER's)
        and 6 at the selection stage; competition 1 taking entries, with
        category 1 and no entry; competition 2 (category 2, MASTER on
        its panel) published with entry 1, by user 5 — MASTER recused,
        so no sheet, no award and no batch (the certificate rows expect
        batch 1 not to exist); competition 3 (category 3, MASTER)
        judging entry 2, by user 6, with MASTER's final sheet. Photo 1
        is deleted again (the incubation rows expect it not to exist):
        entry 1's photo is photo 2, entry 2's photo 3."""
        def post(role, path, body=None, want=(200, 201)):
            c, token = cls.clients[role]
            r = c.post_json(path, body or {}, csrf=token)
            if r.status not in want:
                raise AssertionError("%s %s: %r" % (role, path, r))
            return r.json()

        today = datetime.datetime.now(datetime.timezone(
            datetime.timedelta(hours=8)))
        window = {"opens": (today - datetime.timedelta(1)).strftime(
            "%Y-%m-%d"), "closes": (today + datetime.timedelta(30)).strftime(
            "%Y-%m-%d")}
        people = []
        for n in (5, 6):
            p = new_apprentice(cls.server, "参赛学员%d" % n)
            if p.id != n:
                raise AssertionError("user %d: %r" % (n, p.user))
            post(STAFF, "/api/v1/people/%d/stage" % n,
                 {"to": "selection", "reason": "矩阵测试"})
            people.append(p)
        m = people[0].post("/api/v1/masters/%d/ask" % T_MASTER, {}).json()
        post(MASTER, "/api/v1/mentorships/%d/accept" % m["mentorship"])
        for p, work, photos in ((people[0], 2, 2), (people[1], 3, 1)):
            r = p.post("/api/v1/works", {"title": "参赛作品%d" % work,
                                         "material": "jadeite"})
            if r.status != 201 or r.json()["work"]["id"] != work:
                raise AssertionError("work %d: %r" % (work, r))
            for _ in range(photos):
                r = upload_api(p, work, jpeg(64, 48))
                if r.status != 201:
                    raise AssertionError("photo of work %d: %r" % (work, r))
        r = people[0].post("/api/v1/photos/1/delete")
        if r.status != 200:
            raise AssertionError("delete photo 1: %r" % r)
        for n in (1, 2, 3):
            c = post(STAFF, "/api/v1/competitions", dict(
                window, name_zh="矩阵评选%d" % n, min_panel=1))
            if c["competition"]["id"] != n:
                raise AssertionError("competition %d: %r" % (n, c))
            post(STAFF, "/api/v1/competitions/%d/categories" % n,
                 {"name_zh": "摆件"})
        for n in (2, 3):
            post(STAFF, "/api/v1/competitions/%d/judges" % n,
                 {"category": n, "judge": T_MASTER})
        for entry, (p, comp, work) in enumerate(
                ((people[0], 2, 2), (people[1], 3, 3)), 1):
            r = p.post("/api/v1/competitions/%d/entries" % comp,
                       {"category": comp, "work": work})
            if r.status != 201 or r.json()["entry"]["id"] != entry:
                raise AssertionError("entry %d: %r" % (entry, r))
            post(STAFF, "/api/v1/entries/%d/check" % entry,
                 {"verdict": "eligible"})
            post(STAFF, "/api/v1/competitions/%d/open" % comp)
        post(MASTER, "/api/v1/judging/2", {"marks": [8] * 9, "final": True})
        post(STAFF, "/api/v1/competitions/2/lock")
        if post(STAFF, "/api/v1/competitions/2/publish")["batch"] != 0:
            raise AssertionError("competition 2 made a batch")
        # Competition 4: a 十大金牌导购大师 selection taking nominations,
        # with nominee 1 (APPR's account), entered by staff.
        c = post(STAFF, "/api/v1/competitions", dict(
            window, name_zh="矩阵导购评选"))
        if c["competition"]["id"] != 4:
            raise AssertionError("competition 4: %r" % c)
        post(STAFF, "/api/v1/competitions/4/guide")
        c, token = cls.clients[STAFF]
        r = c.post_multipart(
            "/api/v1/competitions/4/nominees",
            [("shop", "翠华珠宝"), ("guide", "学员"),
             ("account", cls.accounts[APPR]), ("evidence", "如实介绍")],
            {}, csrf=None, headers={"X-CSRF-Token": token})
        if r.status != 201 or r.json()["nominee"]["id"] != 1:
            raise AssertionError("nominee 1: %r" % r)

    def caller(self, role, path):
        if role != ANON and path in SESSION_ENDING:
            c = self.client()
            r = c.login_api(self.accounts[role])
            self.assertEqual(r.status, 200, r)
            return c, r.json()["csrf"]
        return self.clients[role]

    def call(self, role, method, path):
        c, token = self.caller(role, path)
        api = path.startswith("/api/")
        headers = {"X-CSRF-Token": token}
        if method in ("POST", "PUT", "DELETE"):
            if api:
                headers["Content-Type"] = "application/json"
                body = b"{}"
            else:
                headers["Content-Type"] = \
                    "application/x-www-form-urlencoded"
                body = ("csrf=" + token).encode()
        else:
            body = None
        return c.request(method, path, body=body, headers=headers)

    def check(self, path, method, role, exp):
        status, detail = parse(exp)
        r = self.call(role, method, path)
        where = "%s %s as %s" % (method, path, role)
        self.assertEqual(r.status, status, "%s: %r" % (where, r))
        if detail and detail.startswith("/"):
            self.assertEqual(r.location, detail, where)
        elif detail and method != "HEAD":
            self.assertEqual(r.json().get("error"), detail, where)
        if status == 405 and path not in ("/no/such/page",):
            allow = r.header("allow")
            self.assertIsNotNone(allow, "%s: no Allow header" % where)
        if method == "HEAD":
            self.assertEqual(r.body, b"", where)
        elif status == 200 and path.startswith("/api/"):
            self.assertIsInstance(r.json(), dict)
        elif status == 200 and path.endswith(".csv"):
            self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), where)
        elif status == 200 and path.endswith(".zip"):
            self.assertEqual(r.header("content-type"), "application/zip",
                             where)
            self.assertTrue(r.body.startswith(b"PK\x03\x04"), where)
        elif status == 200 and path.endswith(".png"):
            self.assertEqual(r.header("content-type"), "image/png", where)
            self.assertTrue(r.body.startswith(b"\x89PNG\r\n\x1a\n"),
                            where)
        elif status == 200 and path.endswith(".pdf"):
            self.assertEqual(r.header("content-type"), "application/pdf",
                             where)
            self.assertTrue(r.body.startswith(b"%PDF-"), where)
        elif status == 200 and (path in ("/", "/me", "/login", "/register",
                                         "/staff/users", "/activate",
                                         "/staff/roster") or
                                path.startswith(("/courses", "/runs/",
                                                 "/masters", "/training",
                                                 "/people/"))):
            self.assertIn("<!doctype html>", r.text)
        return r

    def run_row(self, path):
        for method, by_role in EXPECT[path].items():
            methods = [method]
            if method == "GET":
                methods.append("HEAD")
            for m in methods:
                for role in ROLES:
                    with self.subTest(method=m, role=role):
                        self.check(path, m, role, by_role[role])

    def test_table_covers_every_route(self):
        """Every route of conf/common.conf has a row (and vice versa), as
        the server routes: in file order, the first route that matches
        wins; a regex route (^...) is searched, a plain one compared. The
        catch-all ^/ comes after the directly served routes only (Kore
        stops there; web_dispatch() finds the rest in file order, issue
        #16) and answers every other path with the 404 page."""
        with open(os.path.join(ROOT, "conf", "common.conf")) as f:
            routed = re.findall(r"^\s*route\s+(\S+)", f.read(), re.M)
        ci = routed.index("^/")
        self.assertEqual(routed[:ci], ["/assets/yujiang.css",
                                       "/assets/verify.js", "/hello"],
                         "only the direct routes before the catch-all")
        routed = routed[:ci] + routed[ci + 1:] + ["^/"]
        rows = {p.split("?")[0] for p in EXPECT} - {"/no/such/page"}

        def first(path):
            for r in routed:
                if (re.search(r, path) if r.startswith("^") else
                        r == path):
                    return r
            return None

        winners = {p: first(p) for p in rows}
        for p in sorted(rows):
            with self.subTest(row=p):
                self.assertNotIn(winners[p], (None, "^/"),
                                 "row %s reaches no route of its own" % p)
        uncovered = sorted(set(routed[:-1]) - set(winners.values()))
        self.assertEqual(uncovered, [], "routes without a row")
        self.assertEqual(first("/no/such/page"), "^/")


def _make(path):
    def test(self):
        self.run_row(path)
    test.__doc__ = "route x role x method: %s" % path
    return test


for _path in EXPECT:
    _name = "test_route_" + (_path.split("?")[0].strip("/")
                             .replace("/", "_").replace(".", "_")
                             .replace("-", "_") or "root")
    if "?" in _path:
        _name += "_query"       # "/courses?..." must not replace "/courses"
    assert not hasattr(RouteRoleMatrixTest, _name), _name
    setattr(RouteRoleMatrixTest, _name, _make(_path))


if __name__ == "__main__":
    unittest.main()

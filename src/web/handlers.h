/* Every handler named in the route table (routes.c). One screen or resource
 * per file: ui_<screen>.c for HTML, api_<resource>.c for JSON. */
#ifndef TDKT_WEB_HANDLERS_H
#define TDKT_WEB_HANDLERS_H
#include "web/req.h"

/* ui_login.c */
void ui_login_form(req_t *r);
void ui_login_post(req_t *r);
void ui_logout(req_t *r);
/* ui_home.c */
void ui_home(req_t *r);
/* ui_unit.c */
void ui_unit_page(req_t *r);
/* ui_unit_change.c */
void ui_unit_add_child(req_t *r);
void ui_unit_rename(req_t *r);
void ui_unit_transfer(req_t *r);
void ui_unit_merge(req_t *r);
void ui_unit_split(req_t *r);
void ui_unit_dissolve(req_t *r);
/* ui_users.c */
void ui_users_page(req_t *r);
void ui_users_create(req_t *r);
void ui_users_grant(req_t *r);
void ui_users_reset_password(req_t *r);
/* ui_password.c */
void ui_password_form(req_t *r);
void ui_password_post(req_t *r);
/* ui_audit.c */
void ui_audit_page(req_t *r);

/* api_auth.c */
void api_login(req_t *r);
void api_logout(req_t *r);
void api_me(req_t *r);
void api_password(req_t *r);
/* api_units.c */
void api_units_list(req_t *r);
void api_unit_get(req_t *r);
void api_unit_create(req_t *r);
/* api_org.c */
void api_unit_rename(req_t *r);
void api_unit_transfer(req_t *r);
void api_unit_dissolve(req_t *r);
void api_unit_merge(req_t *r);
void api_unit_split(req_t *r);
void api_unit_history(req_t *r);
/* api_users.c */
void api_users_list(req_t *r);
void api_user_create(req_t *r);
void api_user_grant(req_t *r);
/* api_audit.c */
void api_audit_list(req_t *r);
/* ui_jobs.c */
void ui_jobs_page(req_t *r);
void ui_job_page(req_t *r);
void ui_job_download(req_t *r);
void ui_audit_verify(req_t *r);
/* api_jobs.c */
void api_jobs_list(req_t *r);
void api_job_get(req_t *r);
void api_audit_verify(req_t *r);
/* ui_people.c, ui_person.c, ui_search.c */
void ui_unit_people(req_t *r);
void ui_person_new(req_t *r);
void ui_person_create(req_t *r);
void ui_person_page(req_t *r);
void ui_person_update(req_t *r);
void ui_person_membership(req_t *r);
void ui_person_rating(req_t *r);
void ui_person_merge(req_t *r);
void ui_search_page(req_t *r);
/* api_people.c */
void api_people_list(req_t *r);
void api_person_get(req_t *r);
void api_person_create(req_t *r);
void api_person_update(req_t *r);
void api_person_membership(req_t *r);
void api_person_rating(req_t *r);
void api_person_discipline(req_t *r);
void api_person_absence(req_t *r);
void api_person_merge(req_t *r);
void api_search(req_t *r);
/* api_clusters.c */
void api_clusters_list(req_t *r);
void api_cluster_create(req_t *r);
void api_cluster_add(req_t *r);
void api_cluster_leader(req_t *r);
/* api_openapi.c */
void api_openapi(req_t *r);

/* static.c */
void static_asset(req_t *r);
void health(req_t *r);

#endif

/* The registry of job kinds and the kinds that belong to no other module. */
#include <stdio.h>

#include "core/audit.h"
#include "core/job.h"
#include "core/perm.h"
/* The registry names the job functions of every module, including the file
 * imports and exports of the floor above (src/export/transfer.c): the one
 * place core refers to it, so the kinds stay in one table. */
#include "export/transfer.h"

/* Recomputes the whole audit chain: for administrators with a long log.
 * Needs PERM_AUDIT somewhere. */
static status_t run_audit_verify(ctx_t *c, const job_t *job, job_run_t *run)
{
    (void)job;
    status_t s = perm_any(c, PERM_AUDIT);
    if (s != ST_OK)
        return s;
    audit_report_t rep;
    job_progress(run, 0, 1);
    s = audit_verify(c->db, &rep);
    char msg[256];
    if (s == ST_OK)
        snprintf(msg, sizeof msg, "Nhật ký toàn vẹn: đã kiểm tra %lld mục.", (long long)rep.checked);
    else if (s == ST_CONFLICT)
        snprintf(msg, sizeof msg, "Nhật ký bị sửa đổi hoặc mất mục từ mục số %lld.", (long long)rep.bad_id);
    else
        snprintf(msg, sizeof msg, "Không đọc được nhật ký.");
    job_set_message(run, msg);
    job_progress(run, 1, 1);
    return s;
}

const job_kind_t job_kinds[] = {
    {"audit_verify", "Kiểm tra toàn vẹn nhật ký", run_audit_verify},
    {"import_people_check", "Kiểm tra tệp danh sách đoàn viên", transfer_job_import},
    {"import_people", "Nhập danh sách đoàn viên từ tệp", transfer_job_import},
    {"import_units_check", "Kiểm tra tệp danh sách đơn vị", transfer_job_import},
    {"import_units", "Nhập danh sách đơn vị từ tệp", transfer_job_import},
    {"export_people", "Xuất danh sách đoàn viên", transfer_job_export},
    {"export_units", "Xuất danh sách đơn vị", transfer_job_export},
    {NULL, NULL, NULL},
};

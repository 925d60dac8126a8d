/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The table of phase models (thermo_internal.h, lqi_model_ops): one record per model. A model
 * that is not implemented yet has no record (eval NULL); lq_system_create never gives a phase
 * such a kind.
 */
#include "thermo/thermo_internal.h"

const lqi_model_ops lqi_thermo_models[LQI_MODEL_COUNT] = {
    [LQI_MODEL_CEF] = {"CEF", lqi_thermo_cef_eval, NULL, 1, NULL, 0},
    [LQI_MODEL_IONIC] = {"ionic liquid", lqi_thermo_ionic_eval, lqi_thermo_ionic_moles, 0,
                         lqi_thermo_ionic_free, 1},
    [LQI_MODEL_MQMQA] = {"MQMQA", lqi_thermo_mqmqa_eval, NULL, 0, lqi_thermo_mqmqa_free, 0},
    [LQI_MODEL_ORDIS] = {"order-disorder", lqi_thermo_ordis_eval, NULL, 0, lqi_thermo_ordis_free,
                         0},
    [LQI_MODEL_QKTO] = {"QKTO", lqi_thermo_qkto_eval, NULL, 0, lqi_thermo_kt_free, 0},
    [LQI_MODEL_SUBM] = {"ionic liquid + KT terms", lqi_thermo_subm_eval, lqi_thermo_subm_moles, 0,
                        lqi_thermo_kt_free, 1},
};

lqi_model_kind lqi_thermo_phase_model(const lqi_phase *ph) {
    if (ph->mq) return LQI_MODEL_MQMQA;
    if (ph->kt) return ph->ionic ? LQI_MODEL_SUBM : LQI_MODEL_QKTO;
    if (ph->ionic) return LQI_MODEL_IONIC;
    if (ph->dis_part) return LQI_MODEL_ORDIS;
    return LQI_MODEL_CEF;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Umbrella header: the whole public API of liquidus. */
#ifndef LIQUIDUS_LIQUIDUS_H
#define LIQUIDUS_LIQUIDUS_H

#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/dft.h"
#include "liquidus/echem.h"
#include "liquidus/md.h"
#include "liquidus/ml.h"
#include "liquidus/plot.h"
#include "liquidus/screen.h"
#include "liquidus/status.h"
#include "liquidus/thermal.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"

#endif /* LIQUIDUS_LIQUIDUS_H */

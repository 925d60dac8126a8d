/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Space-group settings by Hall symbol, Hermann-Mauguin symbol or number (private to dft). */
#ifndef LIQUIDUS_DFT_SPACEGROUP_H
#define LIQUIDUS_DFT_SPACEGROUP_H

#include <stddef.h>

/* One setting of the standard list (ITB Table A1.4.2.7). The operations are the coset
 * representatives without the centring translations of the lattice letter, written as CIF
 * "x,y,z" strings separated by ';'. */
typedef struct lqi_spacegroup {
    short number;       /* International Tables number, 1..230 */
    char lattice;       /* P A B C I R F: the Hall symbol's lattice letter */
    const char *hm;     /* Hermann-Mauguin symbol with blanks, "P 1 21/c 1" */
    const char *choice; /* "" or the setting code: "1"/"2" origin choice, "H"/"R" axes */
    const char *hall;   /* Hall symbol, "-P 2ybc" */
    const char *ops;    /* "x,y,z;-x,y+1/2,-z+1/2;..." */
} lqi_spacegroup;

/* An older symbol for a setting (ITA Table 4.3.2.1: Cmca for Cmce), possibly with its code. */
typedef struct lqi_spacegroup_alias {
    const char *hm;
    short index; /* into lqi_spacegroups */
} lqi_spacegroup_alias;

#define LQI_N_SPACEGROUPS 527
#define LQI_N_SPACEGROUP_ALIASES 31

/* Generated: src/dft/spacegroup_table.c (scripts/gen_spacegroups.py). */
extern const lqi_spacegroup lqi_spacegroups[LQI_N_SPACEGROUPS];
extern const lqi_spacegroup_alias lqi_spacegroup_aliases[LQI_N_SPACEGROUP_ALIASES];

/* How a symbol without a setting code was resolved. */
typedef struct lqi_spacegroup_pick {
    int index;          /* into lqi_spacegroups, -1 when nothing matched */
    int origin_guessed; /* 1: the group has two origin choices and none was named (choice 2 taken)
                         */
} lqi_spacegroup_pick;

/** Setting by Hall symbol (blanks and '_' as separators, case-insensitive); -1 when unknown. */
int lqi_spacegroup_by_hall(const char *s, size_t len);

/** Setting by Hermann-Mauguin symbol: blanks and '_' ignored ("P 21/c", "P2_1/c", "P 1 21/c 1"),
 * setting codes ":1", ":2", ":H", ":R" or a trailing "H", "R", "S" (choice 1), "Z" (choice 2);
 * short monoclinic symbols mean unique axis b, old cubic symbols without the bar ("Fd3m") and the
 * pre-2002 glide symbols ("Cmca") are understood. Without a code, rhombohedral groups take
 * rhombohedral axes when rhombohedral_cell is nonzero and hexagonal axes otherwise; groups with
 * two origins take origin choice 2 and say so in origin_guessed. */
lqi_spacegroup_pick lqi_spacegroup_by_hm(const char *s, size_t len, int rhombohedral_cell);

/** Standard setting of group number 1..230, with the same rules for R groups and origins. */
lqi_spacegroup_pick lqi_spacegroup_by_number(int number, int rhombohedral_cell);

/** The centring translations of a lattice letter (the zero vector first); returns their count,
 * 0 for an unknown letter. */
int lqi_spacegroup_centring(char lattice, double c[4][3]);

#endif /* LIQUIDUS_DFT_SPACEGROUP_H */

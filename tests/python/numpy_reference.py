# SPDX-License-Identifier: MIT
"""An independent, vectorised numpy implementation of the DESIGN §2.1 projection.

It is what a researcher would write without edplan: the tests check the C++ engine against
it to 1e-12, and the benchmarks time the engine against it.
"""

from __future__ import annotations

import numpy as np

FERTILE = slice(15, 50)


def project(base, survival, fertility, migration=None, *, years, srb=1.06, birth_survival=(1.0, 1.0), births=None):
    """(R, T+1, 2, A+1) projection, vectorised over regions, one loop over years."""
    base = np.asarray(base, dtype=float)
    R, _, n = base.shape
    A, T = n - 1, years
    S = np.broadcast_to(np.asarray(survival, dtype=float), (R, T, 2, n))
    f = np.broadcast_to(np.asarray(fertility, dtype=float), (R, T, 35))
    M = None if migration is None else np.broadcast_to(np.asarray(migration, dtype=float), (R, T, 2, n))
    Bobs = np.full((R, T), np.nan) if births is None else np.broadcast_to(np.asarray(births, dtype=float), (R, T))
    out = np.empty((R, T + 1, 2, n))
    out[:, 0] = base
    born = np.empty((R, T))
    for t in range(T):
        P, Q, St = out[:, t], out[:, t + 1], S[:, t]
        Q[:, :, 1:A] = P[:, :, : A - 1] * St[:, :, : A - 1]
        Q[:, :, A] = P[:, :, A - 1] * St[:, :, A - 1] + P[:, :, A] * St[:, :, A]
        if M is not None:
            Q[:, :, 1:] += M[:, t, :, 1:]
            np.maximum(Q[:, :, 1:], 0.0, out=Q[:, :, 1:])
        B = np.einsum("ra,ra->r", f[:, t], 0.5 * (P[:, 0, FERTILE] + Q[:, 0, FERTILE]))
        B = np.where(np.isnan(Bobs[:, t]), B, Bobs[:, t])
        born[:, t] = B
        Q[:, 0, 0] = B / (1 + srb) * birth_survival[0]
        Q[:, 1, 0] = B * srb / (1 + srb) * birth_survival[1]
        if M is not None:
            Q[:, :, 0] += M[:, t, :, 0]
            np.maximum(Q[:, :, 0], 0.0, out=Q[:, :, 0])
    return out, born

package backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums over the lanes of the forward tiles' accumulators, in a fixed order.
 *
 * <p>{@code reduceLanes} may add lanes in any order, and does differently before and after the JIT
 * has compiled a loop, which would make a seeded run give different weights from one run to the
 * next. The tiles instead always add the same pairs: level l blends two vectors so that lanes
 * without bit {@code L >> (l+1)} keep the first one's lanes and the others the second's, and adds
 * the same blend with those halves swapped, so each half now holds pairwise sums of one input.
 * Combining eight accumulators level by level like this (as in a transpose) takes 28 instructions
 * for eight sums, instead of eight for each.
 *
 * <p>Each tile spells its levels out with these constants rather than calling a method per level:
 * with such calls, C2 compiled the 4x4 tile with every vector boxed (docs/PERFORMANCE.md).
 */
final class LaneSums {
    /** The vectors of every vector kernel: the widest this CPU has. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Level {@code l} pairs lane {@code i} with lane {@code i ^ (L >> (l + 1))}. */
    private static final VectorShuffle<Float>[] SWAP = swaps();
    private static final VectorMask<Float>[] UPPER = uppers();
    // The same as constants: the JIT folds static final fields, not array elements.
    static final VectorShuffle<Float> SWAP_0 = SWAP[0];
    static final VectorShuffle<Float> SWAP_1 = SWAP[1];
    static final VectorShuffle<Float> SWAP_2 = SWAP[2];
    static final VectorShuffle<Float> SWAP_3 = SWAP.length > 3 ? SWAP[3] : SWAP[2];
    static final VectorMask<Float> UPPER_0 = UPPER[0];
    static final VectorMask<Float> UPPER_1 = UPPER[1];
    static final VectorMask<Float> UPPER_2 = UPPER[2];
    static final VectorMask<Float> UPPER_3 = UPPER.length > 3 ? UPPER[3] : UPPER[2];
    /** Where the eight-accumulator network leaves the sum of its q-th accumulator, paired (0,1), (2,3), ... at level 1. */
    static final int[] LANE_OF = laneOfEight();
    /** Where the sixteen-accumulator network leaves the sum for example e, neuron q, at {@code [4e + q]}. */
    static final int[] LANE_OF_SIXTEEN = laneOfSixteen();

    private LaneSums() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] swaps() {
        int levels = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] swaps = new VectorShuffle[levels];
        for (int level = 0; level < levels; level++) {
            int bit = L >> (level + 1);
            swaps[level] = VectorShuffle.fromOp(S, lane -> lane ^ bit);
        }
        return swaps;
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] uppers() {
        int levels = Integer.numberOfTrailingZeros(L);
        VectorMask<Float>[] masks = new VectorMask[levels];
        for (int level = 0; level < levels; level++) {
            int bit = L >> (level + 1);
            boolean[] upper = new boolean[L];
            for (int lane = 0; lane < L; lane++) {
                upper[lane] = (lane & bit) != 0;
            }
            masks[level] = VectorMask.fromArray(S, upper, 0);
        }
        return masks;
    }

    private static int[] laneOfSixteen() {
        int[] lanes = new int[16];
        for (int e = 0; e < 4; e++) {
            for (int q = 0; q < 4; q++) {
                // Level 1 pairs neurons (q, q^1), level 2 neuron pairs, level 3 examples (e, e^1), level 4 example pairs.
                lanes[e * 4 + q] = (q & 1) * (L / 2) + ((q >> 1) & 1) * (L / 4) + (e & 1) * (L / 8) + ((e >> 1) & 1) * (L / 16);
            }
        }
        return lanes;
    }

    private static int[] laneOfEight() {
        int[] lanes = new int[8];
        for (int q = 0; q < 8; q++) {
            // Level 1 keeps an even argument in the lanes without bit L/2, level 2 sorts by the next
            // bit of q with L/4, level 3 with L/8.
            lanes[q] = (q & 1) * (L / 2) + ((q >> 1) & 1) * (L / 4) + ((q >> 2) & 1) * (L / 8);
        }
        return lanes;
    }
}

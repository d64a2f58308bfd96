//! Test strings for checking a hand-written scan against the pattern it
//! replaces: many short strings made of the pieces that move the answer.

/// `count` strings of 1 to `max_pieces` pieces each, chosen by a fixed
/// linear congruential sequence from `seed`: the same strings on every run.
pub(crate) fn pieced(pieces: &[&str], seed: u64, count: usize, max_pieces: usize) -> Vec<String> {
    let mut state = seed;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    (0..count).map(|_| (0..1 + next(max_pieces)).map(|_| pieces[next(pieces.len())]).collect()).collect()
}

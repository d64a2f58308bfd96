//! Laterality and sides: what makes a case one- or two-sided, and what does
//! not (signs of the examination, symptoms, procedures). The real-report
//! scores are guarded in `eval.rs`; these pin the individual rules.

use casedex::{Laterality, Side};

use crate::util::extract_text;

/// The laterality and sides of a plain-text case.
fn read(text: &str) -> (Option<Laterality>, Vec<Side>) {
    let r = extract_text(&format!("Case presentation\n\n{text}"));
    (r.laterality, r.sides)
}

#[test]
fn signs_of_the_examination_do_not_make_a_side() {
    for text in [
        "A 4-year-old boy was admitted with fever and cough. He had bilateral wheezing and tachypnoea.",
        "A 60-year-old man with diabetes was seen. There were bilateral carotid bruits and the Ankle-Brachial Index bilaterally was 0.6.",
        "A 49-year-old man presented with polyneuropathy. He had grade 4 power throughout both his lower limbs and absent ankle jerks.",
        "A 70-year-old man had a pneumothorax after a fall. Bilateral chest tubes were placed.",
        "A 9-year-old girl with a myopathy had asymmetrical bilateral upper extremities weakness.",
        "A 67-year-old woman presented with right flank pain and difficulty in urination.",
        "A 40-year-old man had a myopathy. A muscle biopsy of the left quadriceps was taken.",
        "A 50-year-old woman with lupus had fever. The radiograph showed a suspected right pleural effusion.",
    ] {
        assert_eq!(read(text), (None, vec![]), "{text}");
    }
}

#[test]
fn a_lesion_on_one_side_of_the_body_wall_is_unilateral() {
    let (lat, sides) =
        read("A 13-year-old boy came with a progressive swelling. There was a right lumbar abdominal-wall abscess.");
    assert_eq!((lat, sides), (Some(Laterality::Unilateral), vec![Side::Right]));
}

#[test]
fn sites_named_in_the_plural_keep_their_sides() {
    let (lat, _) =
        read("A 55-year-old woman had sudden blindness. MRI showed high signal in the bilateral occipital lobes.");
    assert_eq!(lat, Some(Laterality::Bilateral));
}

#[test]
fn lesions_still_decide() {
    let (lat, sides) = read("A 7-year-old girl had hard nodules on the right elbow and the right knee.");
    assert_eq!((lat, sides), (Some(Laterality::Unilateral), vec![Side::Right]));
    let (lat, _) = read("A 30-year-old man had calcified nodules on both ears.");
    assert_eq!(lat, Some(Laterality::Bilateral));
}

#[test]
fn both_sides_named_together_are_bilateral() {
    let (lat, _) = read("A 29-year-old woman had scaly patches located on the right and left areas of her feet.");
    assert_eq!(lat, Some(Laterality::Bilateral));
}

#[test]
fn both_sides_or_lobes_of_a_site_are_bilateral() {
    let (lat, _) =
        read("A 62-year-old woman had a slowly growing goitre. The mass covered the front and both sides of the neck.");
    assert_eq!(lat, Some(Laterality::Bilateral));
    let (lat, _) = read(
        "A 48-year-old woman was short of breath. CT showed enlargement of both lobes of the thyroid with nodules.",
    );
    assert_eq!(lat, Some(Laterality::Bilateral));
}

#[test]
fn a_thyroid_lobe_has_a_side() {
    let (lat, sides) =
        read("A 35-year-old man noticed a neck lump. Ultrasound found a 2 cm nodule in the left thyroid lobe.");
    assert_eq!((lat, sides), (Some(Laterality::Unilateral), vec![Side::Left]));
    // Named without the organ, in a sentence about the thyroid.
    let (lat, _) = read(
        "A 58-year-old woman had a neck mass. CT showed a thyroid nodule of the left lobe extending across the isthmus into the right lobe.",
    );
    assert_eq!(lat, Some(Laterality::Bilateral));
    // A lobe of the liver is not a side of the body, even beside the thyroid.
    let (lat, _) = read("A 45-year-old man had jaundice. CT showed a mass in the right lobe of the liver.");
    assert_eq!(lat, None);
    let (lat, _) =
        read("A 60-year-old man had a goitre. CT showed a normal thyroid and a mass in the right lobe of the liver.");
    assert_eq!(lat, None);
}

#[test]
fn laterality_evidence_is_a_side_that_counted() {
    // The crackles are a sign and do not count; the evidence must be the mass.
    let r = crate::util::extract_text(
        "Case presentation\n\nA 50-year-old man had fever. There were coarse crackles over the right lung base. \
         A tender mass was found in the left axilla.",
    );
    assert_eq!(r.laterality, Some(Laterality::Unilateral));
    assert_eq!(r.sides, vec![Side::Left]);
    let ev = r.evidence.iter().find(|e| e.field == "laterality").expect("laterality evidence");
    assert!(ev.text.contains("axilla"), "{}", ev.text);
}

//! Patients of a report: how many, and each one's age and sex. The scores
//! on real reports are guarded in `eval.rs`; these pin individual rules.

use casedex::Sex;

use crate::util::extract_text;

/// Each patient's age in years and sex.
type Patients = Vec<(Option<f64>, Option<Sex>)>;

fn ages_and_sexes(body: &str) -> (u32, Patients) {
    let r = extract_text(body);
    (r.patient_count, r.patients.iter().map(|p| (p.age_years, p.sex)).collect())
}

#[test]
fn siblings_reported_together_are_two_patients() {
    let (n, patients) = ages_and_sexes(
        "Case report\n\nWe report the case of siblings poisoned at home. A 7-year-old boy was brought in with vomiting. \
         Shortly afterwards the boy's 10-year-old sister was brought in with the same symptoms.",
    );
    assert_eq!(n, 2);
    assert_eq!(patients, vec![(Some(7.0), Some(Sex::Male)), (Some(10.0), Some(Sex::Female))]);
}

#[test]
fn numbered_cases_with_a_hash_are_a_series() {
    let (n, patients) = ages_and_sexes(
        "Case #1\n\nA 40-year-old woman was admitted with abdominal pain after surgery. She was treated with clonidine.\n\n\
         Case #2\n\nA 37-year-old man was referred with chronic abdominal pain. He improved on desipramine.",
    );
    assert_eq!(n, 2);
    assert_eq!(patients, vec![(Some(40.0), Some(Sex::Female)), (Some(37.0), Some(Sex::Male))]);
}

#[test]
fn a_relatives_age_is_not_the_patients() {
    let (n, patients) = ages_and_sexes(
        "Case report\n\nA 6-year-old girl presented with nodules on the knee. Her 35-year-old mother had similar lesions.",
    );
    assert_eq!(n, 1);
    assert_eq!(patients, vec![(Some(6.0), Some(Sex::Female))]);
}

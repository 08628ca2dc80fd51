//! One complete registration (both sides, both key pairs, both shared secrets), and
//! the Diffie-Hellman pieces it is made of. Goal: a registration under 3 ms here.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use printer_panel::simulate::{self, Method, SimOptions};
use printer_panel::wps::crypto::dh::{self, KeyPair};

fn registration(c: &mut Criterion) {
    dh::warm_up();
    let mut seed = 0u64;
    c.bench_function("registration/pbc (M1..M8, both sides)", |b| {
        b.iter(|| {
            seed += 1;
            let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(seed), ..SimOptions::default() });
            assert!(r.succeeded());
            black_box(r)
        })
    });
    c.bench_function("registration/pin (M1..M8, both sides)", |b| {
        b.iter(|| {
            seed += 1;
            black_box(simulate::run(&SimOptions { method: Method::Pin, seed: Some(seed), ..SimOptions::default() }))
        })
    });
}

fn diffie_hellman(c: &mut Criterion) {
    dh::warm_up();
    let mut x = [0x5au8; dh::KEY_LEN];
    c.bench_function("dh/public key 2^x (fixed-base table)", |b| {
        b.iter(|| {
            x[100] = x[100].wrapping_add(1);
            black_box(KeyPair::from_private_bytes(black_box(&x)))
        })
    });
    let a = KeyPair::from_private_bytes(&[0x21; dh::KEY_LEN]);
    let b_pair = KeyPair::from_private_bytes(&[0x37; dh::KEY_LEN]);
    c.bench_function("dh/shared secret y^x", |b| b.iter(|| black_box(a.shared_secret(black_box(b_pair.public_key())))));
}

criterion_group!(benches, registration, diffie_hellman);
criterion_main!(benches);

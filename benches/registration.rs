//! One complete registration (both sides, both key pairs, both shared secrets) and the
//! join that follows, the Diffie-Hellman pieces the registration is made of, and the join's
//! own costs: the passphrase-to-PMK mapping (PBKDF2, 4096 rounds) and one 4-way handshake.
//! Goal: a registration under 3 ms here.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use printer_panel::trace::simulate::{self, Method, SimOptions};
use printer_panel::wps::crypto::dh::{self, KeyPair};

fn registration(c: &mut Criterion) {
    dh::warm_up();
    let mut seed = 0u64;
    c.bench_function("registration/pbc (M1..M8, both sides, then the join)", |b| {
        b.iter(|| {
            seed += 1;
            let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(seed), ..SimOptions::default() });
            assert!(r.succeeded());
            black_box(r)
        })
    });
    c.bench_function("registration/pin (M1..M8, both sides, then the join)", |b| {
        b.iter(|| {
            seed += 1;
            black_box(simulate::run(&SimOptions { method: Method::Pin, seed: Some(seed), ..SimOptions::default() }))
        })
    });
}

fn diffie_hellman(c: &mut Criterion) {
    dh::warm_up();
    // 200-bit private keys, as hostapd and wpa_supplicant 2.10 with OpenSSL 3 draw them (and
    // the engine by default); 1536-bit ones, as iwd's captured session has.
    for (name, len) in [("200-bit key", dh::PRIVATE_LEN), ("1536-bit key", dh::KEY_LEN)] {
        let mut x = vec![0x5au8; len];
        c.bench_function(&format!("dh/public key 2^x (fixed-base table, {name})"), |b| {
            b.iter(|| {
                x[len / 2] = x[len / 2].wrapping_add(1);
                black_box(KeyPair::from_private_bytes(black_box(&x)))
            })
        });
        let a = KeyPair::from_private_bytes(&vec![0x21; len]);
        let b_pair = KeyPair::from_private_bytes(&vec![0x37; len]);
        c.bench_function(&format!("dh/shared secret y^x ({name})"), |b| {
            b.iter(|| black_box(a.shared_secret(black_box(b_pair.public_key()))))
        });
    }
}

fn join(c: &mut Criterion) {
    use printer_panel::wlan::handshake::{Authenticator, Elements, Retries, Supplicant};
    use printer_panel::wlan::keys;
    use printer_panel::wlan::rsn::{Offer, Rsn};
    use printer_panel::wps::entropy::Csprng;
    use printer_panel::wps::ids::Mac;
    use zeroize::Zeroizing;
    c.bench_function("join/PMK from the passphrase (PBKDF2-HMAC-SHA1, 4096 rounds)", |b| {
        b.iter(|| black_box(keys::pmk(black_box(b"maple-river-4821"), b"HomeNet-5G2")))
    });
    let pmk = keys::pmk(b"maple-river-4821", b"HomeNet-5G2");
    let mut rng = Csprng::from_seed(1);
    c.bench_function("join/4-way handshake, both sides (PTK twice, 4 MICs, key wrap)", |b| {
        b.iter(|| {
            let (aa, spa) = (Mac([2, 0, 0, 0, 0, 1]), Mac([2, 0, 0, 0, 0, 2]));
            let now = std::time::Duration::ZERO;
            let gtk = Zeroizing::new([5u8; 16]);
            let elements = Elements { router: Offer::Wpa2Psk.element().unwrap(), station: Rsn::printer() };
            let mut a =
                Authenticator::start(now, aa, spa, pmk.clone(), gtk, elements.clone(), Retries::default(), &mut rng);
            let mut s = Supplicant::new(spa, aa, pmk.clone(), elements, &mut rng);
            s.handle_frame(&a.poll_transmit().unwrap());
            a.handle_frame(now, &s.poll_transmit().unwrap());
            s.handle_frame(&a.poll_transmit().unwrap());
            a.handle_frame(now, &s.poll_transmit().unwrap());
            assert!(a.tk().is_some() && s.tk().is_some());
            black_box((a, s))
        })
    });
}

criterion_group!(benches, registration, diffie_hellman, join);
criterion_main!(benches);

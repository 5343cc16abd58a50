;; The drains and the bin counts of src/montecarlo/summary.ts (drainValues
;; for unit and positive metrics, countMetric) as a WebAssembly SIMD kernel: `npm run
;; build:wasm` assembles this file into summary-wasm.ts
;; (test/montecarlo/summary-wasm.test.ts checks that the two agree).
;;
;; Two adjacent cells at a time, one per lane of an f64x2. Within a cell the
;; runs are added one after the other, in run order (p += v; q += v * v), so
;; the partial sums are bit-identical to the JavaScript drains; min and max
;; follow `if (v < lo) lo = v` (f64x2.pmin / pmax), and end with `+ 0`
;; (-0 becomes +0), as there. A metric's odd last cell goes through the
;; scalar loop $cell.
;;
;; Memory (imported, owned by one Summary):
;;   values  f64 at buf + (s * nT + c) * 8 for buffered run s and cell c;
;;   sums    six f64 arrays of the metric's cells, `stride` bytes apart:
;;           partial sums, partial sums of squares, min, max, positive and
;;           negative counts (the cell's entry of each at acc + c * 8 + j * stride);
;;   bins    u16 at bins + c * binStride + s * 2 (cell-major rows);
;;   hist    u32 counts at hist + (c * width + b) * 4 for cell c and bin b ("count").
;;
;; Assembled without names (to stay under 4 KB): profilers show the functions
;; as wasm-function[i], in the order below: 0 unitBin, 1 positiveBin, 2 cell,
;; 3 unitBins, 4 negatives, 5 unit, 6 positive, 7 count.
(module
  (import "env" "memory" (memory 1))

  ;; Bin of v in a unit histogram, as unitBin: ToInt32(v * 2048) (wrapping
  ;; past 2^31, as `| 0`), clamped to [0, 2047]. t - floor(t / 2^32) * 2^32 is
  ;; exact, in [0, 2^32); +-Infinity (v * 2048 overflowing) gives NaN -> 0.
  (func $unitBin (param $v f64) (result i32)
    (local $t f64) (local $b i32)
    (local.set $t (f64.trunc (f64.mul (local.get $v) (f64.const 2048))))
    (local.set $b (i32.wrap_i64 (i64.trunc_sat_f64_s
      (f64.sub (local.get $t) (f64.mul (f64.floor (f64.mul (local.get $t) (f64.const 0x1p-32))) (f64.const 0x1p32))))))
    (select (i32.const 0)
      (select (i32.const 2047) (local.get $b) (i32.gt_s (local.get $b) (i32.const 2047)))
      (i32.lt_s (local.get $b) (i32.const 0))))

  ;; positiveBin(v): (high word >> 14) is 64 * biased exponent + top 6 bits of
  ;; the mantissa for v >= 0, negative for v < 0 (-0 too); minus 64447 that is
  ;; 1 + 64 (e + 16) + m, <= 0 below 2^-16 and >= 2561 from 2^24: clamped to [0, 2561].
  (func $positiveBin (param $v f64) (result i32)
    (local $b i32)
    (local.set $b (i32.sub
      (i32.wrap_i64 (i64.shr_s (i64.reinterpret_f64 (local.get $v)) (i64.const 46)))
      (i32.const 64447)))
    (select (i32.const 0)
      (select (i32.const 2561) (local.get $b) (i32.gt_s (local.get $b) (i32.const 2561)))
      (i32.lt_s (local.get $b) (i32.const 0))))

  ;; One cell, scalar: its values at o, o + row, .. (count of them), its sums
  ;; at acc (arrays `stride` apart), its bins from w; positive bins when
  ;; $positive, else unit bins.
  (func $cell (param $o i32) (param $row i32) (param $count i32) (param $acc i32) (param $stride i32) (param $w i32) (param $positive i32)
    (local $end i32) (local $v f64) (local $p f64) (local $q f64) (local $lo f64) (local $hi f64) (local $np i32) (local $nn i32) (local $a i32)
    (local.set $p (f64.load (local.get $acc)))
    (local.set $a (i32.add (local.get $acc) (local.get $stride)))
    (local.set $q (f64.load (local.get $a)))
    (local.set $a (i32.add (local.get $a) (local.get $stride)))
    (local.set $lo (f64.load (local.get $a)))
    (local.set $a (i32.add (local.get $a) (local.get $stride)))
    (local.set $hi (f64.load (local.get $a)))
    (local.set $end (i32.add (local.get $o) (i32.mul (local.get $count) (local.get $row))))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_s (local.get $o) (local.get $end)))
        (local.set $v (f64.load (local.get $o)))
        (local.set $p (f64.add (local.get $p) (local.get $v)))
        (local.set $q (f64.add (local.get $q) (f64.mul (local.get $v) (local.get $v))))
        (local.set $lo (select (local.get $v) (local.get $lo) (f64.lt (local.get $v) (local.get $lo))))
        (local.set $hi (select (local.get $v) (local.get $hi) (f64.gt (local.get $v) (local.get $hi))))
        (local.set $np (i32.add (local.get $np) (f64.gt (local.get $v) (f64.const 0))))
        (local.set $nn (i32.add (local.get $nn) (f64.lt (local.get $v) (f64.const 0))))
        (i32.store16 (local.get $w)
          (if (result i32) (local.get $positive)
            (then (call $positiveBin (local.get $v)))
            (else (call $unitBin (local.get $v)))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (local.set $w (i32.add (local.get $w) (i32.const 2)))
        (br $runs)))
    (f64.store (local.get $acc) (local.get $p))
    (local.set $a (i32.add (local.get $acc) (local.get $stride)))
    (f64.store (local.get $a) (local.get $q))
    (local.set $a (i32.add (local.get $a) (local.get $stride)))
    (f64.store (local.get $a) (f64.add (local.get $lo) (f64.const 0)))
    (local.set $a (i32.add (local.get $a) (local.get $stride)))
    (f64.store (local.get $a) (f64.add (local.get $hi) (f64.const 0)))
    (local.set $a (i32.add (local.get $a) (local.get $stride)))
    (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.convert_i32_s (local.get $np))))
    (local.set $a (i32.add (local.get $a) (local.get $stride)))
    (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.convert_i32_s (local.get $nn)))))

  ;; Rewrites the unit bins of one cell (values at o, o + row, ..; bins from w)
  ;; with $unitBin: for the rare cells with |v| >= 2^20, where v * 2048 wraps
  ;; in ToInt32 and the saturating SIMD conversion would not.
  (func $unitBins (param $o i32) (param $row i32) (param $count i32) (param $w i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.mul (local.get $count) (local.get $row))))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_s (local.get $o) (local.get $end)))
        (i32.store16 (local.get $w) (call $unitBin (f64.load (local.get $o))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (local.set $w (i32.add (local.get $w) (i32.const 2)))
        (br $runs))))

  ;; The number of negative values of one cell (values at o, o + row, ...).
  (func $negatives (param $o i32) (param $row i32) (param $count i32) (result i32)
    (local $end i32) (local $n i32)
    (local.set $end (i32.add (local.get $o) (i32.mul (local.get $count) (local.get $row))))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_s (local.get $o) (local.get $end)))
        (local.set $n (i32.add (local.get $n) (f64.lt (f64.load (local.get $o)) (f64.const 0))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (br $runs)))
    (local.get $n))

  ;; The unit drain for the nT cells of one metric and `count` buffered runs:
  ;; values from buf (rows of nT), sums from acc (arrays `stride` bytes apart),
  ;; bins from bins (rows `binStride` bytes apart).
  (func $unit (export "unit") (param $buf i32) (param $nT i32) (param $count i32) (param $acc i32) (param $stride i32) (param $bins i32) (param $binStride i32)
    (local $row i32) (local $c i32) (local $o i32) (local $end i32) (local $end4 i32) (local $w i32) (local $w1 i32) (local $a i32)
    (local $p v128) (local $q v128) (local $lo v128) (local $hi v128) (local $np v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $b v128) (local $top v128)
    (local.set $row (i32.shl (local.get $nT) (i32.const 3)))
    (local.set $top (v128.const i16x8 2047 2047 2047 2047 2047 2047 2047 2047))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_s (i32.add (local.get $c) (i32.const 2)) (local.get $nT)))
        (local.set $a (local.get $acc))
        (local.set $p (v128.load align=8 (local.get $a)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $q (v128.load align=8 (local.get $a)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $lo (v128.load align=8 (local.get $a)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $hi (v128.load align=8 (local.get $a)))
        (local.set $np (v128.const i32x4 0 0 0 0))
        (local.set $o (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $end (i32.add (local.get $o) (i32.mul (local.get $count) (local.get $row))))
        (local.set $end4 (i32.sub (local.get $end) (i32.mul (local.get $row) (i32.const 3))))
        (local.set $w (local.get $bins))
        (local.set $w1 (i32.add (local.get $bins) (local.get $binStride)))
        ;; Four runs at a time; their eight bins leave as one 64-bit store per cell.
        (block $fourDone
          (loop $four
            (br_if $fourDone (i32.ge_s (local.get $o) (local.get $end4)))
            (local.set $v0 (v128.load align=8 (local.get $o)))
            (local.set $v1 (v128.load align=8 (i32.add (local.get $o) (local.get $row))))
            (local.set $v2 (v128.load align=8 (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 1)))))
            (local.set $v3 (v128.load align=8 (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 3)))))
            ;; run s
            (local.set $p (f64x2.add (local.get $p) (local.get $v0)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v0) (local.get $v0))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v0)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v0)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v0) (v128.const f64x2 0 0))))
            ;; run s + 1
            (local.set $p (f64x2.add (local.get $p) (local.get $v1)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v1) (local.get $v1))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v1)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v1)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v1) (v128.const f64x2 0 0))))
            ;; run s + 2
            (local.set $p (f64x2.add (local.get $p) (local.get $v2)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v2) (local.get $v2))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v2)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v2)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v2) (v128.const f64x2 0 0))))
            ;; run s + 3
            (local.set $p (f64x2.add (local.get $p) (local.get $v3)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v3) (local.get $v3))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v3)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v3)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v3) (v128.const f64x2 0 0))))
            ;; Bins: trunc(2048 v) + 1.5 * 2^52 holds trunc(2048 v) in its low 32
            ;; bits (for |2048 v| < 2^31: the other values are redone below); the
            ;; low words of four runs gathered cell by cell (c: runs s..s+3, then
            ;; c + 1), narrowed to u16 (negatives -> 0), at most 2047.
            (local.set $v0 (f64x2.add (f64x2.trunc (f64x2.mul (local.get $v0) (v128.const f64x2 2048 2048))) (v128.const f64x2 0x1.8p52 0x1.8p52)))
            (local.set $v1 (f64x2.add (f64x2.trunc (f64x2.mul (local.get $v1) (v128.const f64x2 2048 2048))) (v128.const f64x2 0x1.8p52 0x1.8p52)))
            (local.set $v2 (f64x2.add (f64x2.trunc (f64x2.mul (local.get $v2) (v128.const f64x2 2048 2048))) (v128.const f64x2 0x1.8p52 0x1.8p52)))
            (local.set $v3 (f64x2.add (f64x2.trunc (f64x2.mul (local.get $v3) (v128.const f64x2 2048 2048))) (v128.const f64x2 0x1.8p52 0x1.8p52)))
            ;; [s c, s c+1, s+1 c, s+1 c+1] for runs s, s + 1 and s + 2, s + 3.
            (local.set $v0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $v0) (local.get $v1)))
            (local.set $v2 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $v2) (local.get $v3)))
            (local.set $b
              (i16x8.min_u
                (i16x8.narrow_i32x4_u
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $v0) (local.get $v2))
                  (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $v0) (local.get $v2)))
                (local.get $top)))
            (v128.store64_lane align=2 0 (local.get $w) (local.get $b))
            (v128.store64_lane align=2 1 (local.get $w1) (local.get $b))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 2))))
            (local.set $w (i32.add (local.get $w) (i32.const 8)))
            (local.set $w1 (i32.add (local.get $w1) (i32.const 8)))
            (br $four)))
        ;; The last runs (count % 4), one at a time.
        (block $oneDone
          (loop $one
            (br_if $oneDone (i32.ge_s (local.get $o) (local.get $end)))
            (local.set $v0 (v128.load align=8 (local.get $o)))
            (local.set $p (f64x2.add (local.get $p) (local.get $v0)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v0) (local.get $v0))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v0)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v0)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v0) (v128.const f64x2 0 0))))
            (local.set $b
              (i32x4.min_s
                (i32x4.max_s
                  (i32x4.trunc_sat_f64x2_s_zero (f64x2.mul (local.get $v0) (v128.const f64x2 2048 2048)))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 2047 2047 2047 2047)))
            (v128.store16_lane 0 (local.get $w) (local.get $b))
            (v128.store16_lane 2 (local.get $w1) (local.get $b))
            (local.set $o (i32.add (local.get $o) (local.get $row)))
            (local.set $w (i32.add (local.get $w) (i32.const 2)))
            (local.set $w1 (i32.add (local.get $w1) (i32.const 2)))
            (br $one)))
        ;; v * 2048 only wraps (ToInt32) for |v| >= 2^20, never a share: if the
        ;; cells' min or max ever went that far, their bins are redone exactly.
        (if (v128.any_true (v128.or
              (f64x2.le (local.get $lo) (v128.const f64x2 -0x1p20 -0x1p20))
              (f64x2.ge (local.get $hi) (v128.const f64x2 0x1p20 0x1p20))))
          (then
            (local.set $o (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))))
            (call $unitBins (local.get $o) (local.get $row) (local.get $count) (local.get $bins))
            (call $unitBins (i32.add (local.get $o) (i32.const 8)) (local.get $row) (local.get $count)
              (i32.add (local.get $bins) (local.get $binStride)))))
        (local.set $a (local.get $acc))
        (v128.store align=8 (local.get $a) (local.get $p))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (local.get $q))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (f64x2.add (local.get $lo) (v128.const f64x2 0 0)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (f64x2.add (local.get $hi) (v128.const f64x2 0 0)))
        ;; The positive count: i32 lanes 0 and 2 (each 64-bit mask counted twice, once per half).
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (f64x2.add (v128.load align=8 (local.get $a))
          (f64x2.convert_low_i32x4_s (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $np) (local.get $np)))))
        ;; Negative values (never in built-in metrics) are counted apart, for
        ;; cells whose min is below 0 (or ever was): the others had none.
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (if (v128.any_true (f64x2.lt (local.get $lo) (v128.const f64x2 0 0)))
          (then
            (local.set $o (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
              (f64.convert_i32_s (call $negatives (local.get $o) (local.get $row) (local.get $count)))))
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a))
              (f64.convert_i32_s (call $negatives (i32.add (local.get $o) (i32.const 8)) (local.get $row) (local.get $count)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (local.set $bins (i32.add (local.get $bins) (i32.shl (local.get $binStride) (i32.const 1))))
        (br $pairs)))
    (if (i32.lt_s (local.get $c) (local.get $nT))
      (then (call $cell (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))) (local.get $row) (local.get $count)
        (local.get $acc) (local.get $stride) (local.get $bins) (i32.const 0)))))

  ;; The positive drain: as "unit", with positiveBin's bins (exact: no wrapping case).
  (func $positive (export "positive") (param $buf i32) (param $nT i32) (param $count i32) (param $acc i32) (param $stride i32) (param $bins i32) (param $binStride i32)
    (local $row i32) (local $c i32) (local $o i32) (local $end i32) (local $end4 i32) (local $w i32) (local $w1 i32) (local $a i32)
    (local $p v128) (local $q v128) (local $lo v128) (local $hi v128) (local $np v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $b v128) (local $top v128)
    (local.set $row (i32.shl (local.get $nT) (i32.const 3)))
    (local.set $top (v128.const i16x8 2561 2561 2561 2561 2561 2561 2561 2561))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_s (i32.add (local.get $c) (i32.const 2)) (local.get $nT)))
        (local.set $a (local.get $acc))
        (local.set $p (v128.load align=8 (local.get $a)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $q (v128.load align=8 (local.get $a)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $lo (v128.load align=8 (local.get $a)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $hi (v128.load align=8 (local.get $a)))
        (local.set $np (v128.const i32x4 0 0 0 0))
        (local.set $o (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $end (i32.add (local.get $o) (i32.mul (local.get $count) (local.get $row))))
        (local.set $end4 (i32.sub (local.get $end) (i32.mul (local.get $row) (i32.const 3))))
        (local.set $w (local.get $bins))
        (local.set $w1 (i32.add (local.get $bins) (local.get $binStride)))
        (block $fourDone
          (loop $four
            (br_if $fourDone (i32.ge_s (local.get $o) (local.get $end4)))
            (local.set $v0 (v128.load align=8 (local.get $o)))
            (local.set $v1 (v128.load align=8 (i32.add (local.get $o) (local.get $row))))
            (local.set $v2 (v128.load align=8 (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 1)))))
            (local.set $v3 (v128.load align=8 (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 3)))))
            ;; run s
            (local.set $p (f64x2.add (local.get $p) (local.get $v0)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v0) (local.get $v0))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v0)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v0)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v0) (v128.const f64x2 0 0))))
            ;; run s + 1
            (local.set $p (f64x2.add (local.get $p) (local.get $v1)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v1) (local.get $v1))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v1)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v1)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v1) (v128.const f64x2 0 0))))
            ;; run s + 2
            (local.set $p (f64x2.add (local.get $p) (local.get $v2)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v2) (local.get $v2))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v2)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v2)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v2) (v128.const f64x2 0 0))))
            ;; run s + 3
            (local.set $p (f64x2.add (local.get $p) (local.get $v3)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v3) (local.get $v3))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v3)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v3)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v3) (v128.const f64x2 0 0))))
            ;; Bins: the high words of four runs gathered cell by cell (c: runs
            ;; s..s+3, then c + 1), >> 14 - 64447, narrowed to u16 (negatives -> 0),
            ;; at most 2561.
            (local.set $v0 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $v2 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $v2) (local.get $v3)))
            (local.set $b
              (i16x8.min_u
                (i16x8.narrow_i32x4_u
                  (i32x4.sub
                    (i32x4.shr_s (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $v0) (local.get $v2)) (i32.const 14))
                    (v128.const i32x4 64447 64447 64447 64447))
                  (i32x4.sub
                    (i32x4.shr_s (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $v0) (local.get $v2)) (i32.const 14))
                    (v128.const i32x4 64447 64447 64447 64447)))
                (local.get $top)))
            (v128.store64_lane align=2 0 (local.get $w) (local.get $b))
            (v128.store64_lane align=2 1 (local.get $w1) (local.get $b))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 2))))
            (local.set $w (i32.add (local.get $w) (i32.const 8)))
            (local.set $w1 (i32.add (local.get $w1) (i32.const 8)))
            (br $four)))
        (block $oneDone
          (loop $one
            (br_if $oneDone (i32.ge_s (local.get $o) (local.get $end)))
            (local.set $v0 (v128.load align=8 (local.get $o)))
            (local.set $p (f64x2.add (local.get $p) (local.get $v0)))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $v0) (local.get $v0))))
            (local.set $lo (f64x2.pmin (local.get $lo) (local.get $v0)))
            (local.set $hi (f64x2.pmax (local.get $hi) (local.get $v0)))
            (local.set $np (i32x4.sub (local.get $np) (f64x2.gt (local.get $v0) (v128.const f64x2 0 0))))
            ;; i32 lanes 1 and 3 (the high words) hold the bins: i16 lanes 2 and 6.
            (local.set $b
              (i32x4.min_s
                (i32x4.max_s
                  (i32x4.sub (i32x4.shr_s (local.get $v0) (i32.const 14)) (v128.const i32x4 64447 64447 64447 64447))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 2561 2561 2561 2561)))
            (v128.store16_lane 2 (local.get $w) (local.get $b))
            (v128.store16_lane 6 (local.get $w1) (local.get $b))
            (local.set $o (i32.add (local.get $o) (local.get $row)))
            (local.set $w (i32.add (local.get $w) (i32.const 2)))
            (local.set $w1 (i32.add (local.get $w1) (i32.const 2)))
            (br $one)))
        (local.set $a (local.get $acc))
        (v128.store align=8 (local.get $a) (local.get $p))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (local.get $q))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (f64x2.add (local.get $lo) (v128.const f64x2 0 0)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (f64x2.add (local.get $hi) (v128.const f64x2 0 0)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (v128.store align=8 (local.get $a) (f64x2.add (v128.load align=8 (local.get $a))
          (f64x2.convert_low_i32x4_s (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $np) (local.get $np)))))
        ;; Negative values (never in built-in metrics) are counted apart, for
        ;; cells whose min is below 0 (or ever was): the others had none.
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (if (v128.any_true (f64x2.lt (local.get $lo) (v128.const f64x2 0 0)))
          (then
            (local.set $o (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
              (f64.convert_i32_s (call $negatives (local.get $o) (local.get $row) (local.get $count)))))
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a))
              (f64.convert_i32_s (call $negatives (i32.add (local.get $o) (i32.const 8)) (local.get $row) (local.get $count)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (local.set $bins (i32.add (local.get $bins) (i32.shl (local.get $binStride) (i32.const 1))))
        (br $pairs)))
    (if (i32.lt_s (local.get $c) (local.get $nT))
      (then (call $cell (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 3))) (local.get $row) (local.get $count)
        (local.get $acc) (local.get $stride) (local.get $bins) (i32.const 1)))))
  ;; countMetric of summary.ts: adds the bins of `filled` runs of nT cells
  ;; (u16 rows `binStride` bytes apart from bins; binStride is a multiple of 4)
  ;; to their histograms (`width` u32 counts a cell, from hist). Two bins of a
  ;; cell per 32-bit load, four a cell at a time; two cells at a time, so that
  ;; increments of one bin (which wait for each other through memory) overlap
  ;; those of the other.
  (func $count (export "count") (param $bins i32) (param $nT i32) (param $binStride i32) (param $filled i32) (param $hist i32) (param $width i32)
    (local $c i32) (local $w4 i32) (local $r0 i32) (local $r1 i32) (local $end i32) (local $h0 i32) (local $h1 i32) (local $a i32)
    (local $u0 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32)
    (local.set $w4 (i32.shl (local.get $width) (i32.const 2)))
    (block $cellsDone
      (loop $cells
        (br_if $cellsDone (i32.ge_s (local.get $c) (local.get $nT)))
        (local.set $r0 (i32.add (local.get $bins) (i32.mul (local.get $c) (local.get $binStride))))
        ;; The whole pairs of bins of the row.
        (local.set $end (i32.add (local.get $r0) (i32.shl (i32.shr_u (local.get $filled) (i32.const 1)) (i32.const 2))))
        (local.set $h0 (i32.add (local.get $hist) (i32.mul (local.get $c) (local.get $w4))))
        (if (i32.lt_s (i32.add (local.get $c) (i32.const 1)) (local.get $nT))
          (then
            ;; Cells c and c + 1.
            (local.set $r1 (i32.add (local.get $r0) (local.get $binStride)))
            (local.set $h1 (i32.add (local.get $h0) (local.get $w4)))
            ;; Four bins of each cell at a time, then the last pair, if any.
            (block $done
              (loop $quads
                (br_if $done (i32.ge_s (i32.add (local.get $r0) (i32.const 4)) (local.get $end)))
                (local.set $u0 (i32.load (local.get $r0)))
                (local.set $u1 (i32.load (local.get $r1)))
                (local.set $u2 (i32.load offset=4 (local.get $r0)))
                (local.set $u3 (i32.load offset=4 (local.get $r1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.and (local.get $u0) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.shr_u (local.get $u0) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h1) (i32.shl (i32.and (local.get $u1) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h1) (i32.shl (i32.shr_u (local.get $u1) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.and (local.get $u2) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.shr_u (local.get $u2) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h1) (i32.shl (i32.and (local.get $u3) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h1) (i32.shl (i32.shr_u (local.get $u3) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
                (local.set $r1 (i32.add (local.get $r1) (i32.const 8)))
                (br $quads)))
            (if (i32.lt_u (local.get $r0) (local.get $end))
              (then
                (local.set $u0 (i32.load (local.get $r0)))
                (local.set $u1 (i32.load (local.get $r1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.and (local.get $u0) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.shr_u (local.get $u0) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h1) (i32.shl (i32.and (local.get $u1) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h1) (i32.shl (i32.shr_u (local.get $u1) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
))
            (local.set $c (i32.add (local.get $c) (i32.const 2))))
          (else
            ;; The last cell, alone.
            (block $done
              (loop $pairs
                (br_if $done (i32.ge_u (local.get $r0) (local.get $end)))
                (local.set $u0 (i32.load (local.get $r0)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.and (local.get $u0) (i32.const 0xffff)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $a (i32.add (local.get $h0) (i32.shl (i32.shr_u (local.get $u0) (i32.const 16)) (i32.const 2))))
                (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
                (br $pairs)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))))
        (br $cells)))
    ;; An odd run last: one bin a cell.
    (if (i32.and (local.get $filled) (i32.const 1))
      (then
        (local.set $c (i32.const 0))
        (local.set $r0 (i32.add (local.get $bins) (i32.shl (i32.sub (local.get $filled) (i32.const 1)) (i32.const 1))))
        (block $oddDone
          (loop $odd
            (br_if $oddDone (i32.ge_s (local.get $c) (local.get $nT)))
            (local.set $a (i32.add (local.get $hist) (i32.add (i32.mul (local.get $c) (local.get $w4))
              (i32.shl (i32.load16_u (local.get $r0)) (i32.const 2)))))
            (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
            (local.set $r0 (i32.add (local.get $r0) (local.get $binStride)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $odd))))))
)

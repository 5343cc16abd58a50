;; The batched engine's WebAssembly kernel: `npx tsx scripts/build-batch-wasm.ts`
;; assembles this file into batch-wasm.ts; test/montecarlo/batch/ checks the
;; two agree and that every function here gives the bits of its JavaScript
;; counterpart; test/bench/kernel.ts measures them against it.
;;
;; exp and log as V8 11 (Node 20) computes Math.exp and Math.log (fdlibm;
;; V8 15 rounds both correctly instead: kernel.ts then declines the kernel),
;; scalar ($exp, $log) and on two lanes ($exp2, $log2); over arrays
;; (expScalar, expSimd, logScalar, logSimd); and the device market's nested
;; logit over a batch of runs (deviceChoice).
;;
;; Assembled without names: profilers show the functions as
;; wasm-function[i], in the order below: 0 exp, 1 log, 2 exp2, 3 log2,
;; 4 expScalar, 5 expSimd, 6 logScalar, 7 logSimd, 8 deviceChoice.
(module
  (import "env" "memory" (memory 1))
  (export "exp" (func $exp))
  (export "log" (func $log))
  ;; ---------------------------------------------------------------------------
  ;; exp and log of fdlibm as V8 11 (Node 20) runs them for Math.exp and
  ;; Math.log (src/base/ieee754.cc, after FreeBSD msun e_exp.c and e_log.c),
  ;; operation for operation, so their results are bit-identical: IEEE
  ;; double arithmetic rounds every + - * / the same on any machine, and
  ;; WebAssembly never fuses a multiply and an add.
  ;; ---------------------------------------------------------------------------

  ;; exp(x), fdlibm's e_exp.c as in V8's ieee754::exp (with its exp(1) = E).
  (func $exp (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64) (local $t f64) (local $c f64) (local $y f64) (local $twopk f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7FFFFFFF)))
    ;; |x| >= 709.78...: NaN, +-Infinity, overflow, underflow
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7FF00000))
          (then
            (if (f64.ne (local.get $x) (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
            (return (select (local.get $x) (f64.const 0) (i32.eqz (local.get $xsb))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    ;; argument reduction: x = k ln2 + r, r = hi - lo
    (if (i32.gt_u (local.get $hx) (i32.const 0x3FD62E42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (local.set $hi (f64.sub (local.get $x)
              (select (f64.const -6.93147180369123816490e-01) (f64.const 6.93147180369123816490e-01) (local.get $xsb))))
            (local.set $lo (select (f64.const -1.90821492927058770002e-10) (f64.const 1.90821492927058770002e-10) (local.get $xsb)))
            (local.set $k (i32.sub (i32.const 1) (i32.shl (local.get $xsb) (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add
              (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        (if (i32.lt_u (local.get $hx) (i32.const 0x3E300000)) (then (return (f64.add (f64.const 1) (local.get $x)))))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $twopk (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (i32.add (i32.const 0x3FF00000) (i32.shl
      (select (local.get $k) (i32.add (local.get $k) (i32.const 1000)) (i32.ge_s (local.get $k) (i32.const -1021)))
      (i32.const 20)))) (i64.const 32))))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
      (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (f64.const 1) (f64.sub
        (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2)))
        (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1) (f64.sub
      (f64.sub (local.get $lo) (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
      (local.get $hi))))
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024))
          (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
        (return (f64.mul (local.get $y) (local.get $twopk)))))
    (f64.mul (f64.mul (local.get $y) (local.get $twopk)) (f64.const 0x1p-1000)))

  ;; log(x), fdlibm's e_log.c as in V8 11's ieee754::log.
  (func $log (param $x f64) (result f64)
    (local $bits i64) (local $hx i32) (local $k i32) (local $i i32) (local $f f64) (local $dk f64) (local $R f64)
    (local $s f64) (local $z f64) (local $w f64) (local $hfsq f64)
    (local.set $bits (i64.reinterpret_f64 (local.get $x)))
    (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))))
    (if (i32.lt_s (local.get $hx) (i32.const 0x00100000))  ;; x < 2^-1022: zero, subnormal or negative
      (then
        (if (i64.eqz (i64.shl (local.get $bits) (i64.const 1))) (then (return (f64.const -inf))))
        (if (i32.lt_s (local.get $hx) (i32.const 0)) (then (return (f64.const nan))))
        (local.set $k (i32.const -54))
        (local.set $x (f64.mul (local.get $x) (f64.const 1.80143985094819840000e+16)))
        (local.set $bits (i64.reinterpret_f64 (local.get $x)))
        (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))))))
    (if (i32.ge_s (local.get $hx) (i32.const 0x7FF00000)) (then (return (f64.add (local.get $x) (local.get $x)))))
    (local.set $k (i32.add (local.get $k) (i32.sub (i32.shr_s (local.get $hx) (i32.const 20)) (i32.const 1023))))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x000FFFFF)))
    (local.set $i (i32.and (i32.add (local.get $hx) (i32.const 0x95F64)) (i32.const 0x100000)))
    ;; normalize x or x/2
    (local.set $x (f64.reinterpret_i64 (i64.or
      (i64.shl (i64.extend_i32_u (i32.or (local.get $hx) (i32.xor (local.get $i) (i32.const 0x3FF00000)))) (i64.const 32))
      (i64.and (local.get $bits) (i64.const 0xFFFFFFFF)))))
    (local.set $k (i32.add (local.get $k) (i32.shr_s (local.get $i) (i32.const 20))))
    (local.set $f (f64.sub (local.get $x) (f64.const 1)))
    (local.set $dk (f64.convert_i32_s (local.get $k)))
    (if (i32.lt_s (i32.and (i32.const 0x000FFFFF) (i32.add (i32.const 2) (local.get $hx))) (i32.const 3))  ;; -2^-20 <= f < 2^-20
      (then
        (if (f64.eq (local.get $f) (f64.const 0))
          (then
            (if (i32.eqz (local.get $k)) (then (return (f64.const 0))))
            (return (f64.add (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
              (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))))))
        (local.set $R (f64.mul (f64.mul (local.get $f) (local.get $f))
          (f64.sub (f64.const 0.5) (f64.mul (f64.const 0.33333333333333333) (local.get $f)))))
        (if (i32.eqz (local.get $k)) (then (return (f64.sub (local.get $f) (local.get $R)))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
          (f64.sub (f64.sub (local.get $R) (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))) (local.get $f))))))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $w (f64.mul (local.get $z) (local.get $z)))
    ;; R = t2 + t1
    (local.set $R (f64.add
      (f64.mul (local.get $z) (f64.add (f64.const 6.666666666666735130e-01) (f64.mul (local.get $w)
        (f64.add (f64.const 2.857142874366239149e-01) (f64.mul (local.get $w)
        (f64.add (f64.const 1.818357216161805012e-01) (f64.mul (local.get $w) (f64.const 1.479819860511658591e-01))))))))
      (f64.mul (local.get $w) (f64.add (f64.const 3.999999999940941908e-01) (f64.mul (local.get $w)
        (f64.add (f64.const 2.222219843214978396e-01) (f64.mul (local.get $w) (f64.const 1.531383769920937332e-01))))))))
    (if (i32.gt_s (i32.or (i32.sub (local.get $hx) (i32.const 0x6147A)) (i32.sub (i32.const 0x6B851) (local.get $hx))) (i32.const 0))
      (then
        (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
        (if (i32.eqz (local.get $k))
          (then (return (f64.sub (local.get $f) (f64.sub (local.get $hfsq)
            (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $R))))))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
          (f64.sub (f64.sub (local.get $hfsq) (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $R)))
            (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))) (local.get $f))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (local.get $f) (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $R)))))))
    (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
      (f64.sub (f64.sub (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $R)))
        (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))) (local.get $f))))

  ;; ---------------------------------------------------------------------------
  ;; The same exp and log on two lanes at once (f64x2): each branch of the
  ;; scalar code computed on both lanes and the lane's own chosen with
  ;; v128.bitselect, so each lane gets the scalar function's operations in
  ;; its order. Arguments the fast path does not cover (exp: |x| >= 704 or
  ;; NaN, where 2^k needs two steps; log: x below 2^-1022, negative,
  ;; +Infinity or NaN) send both lanes through the scalar functions.
  ;; ---------------------------------------------------------------------------

  ;; exp on each lane.
  (func $exp2 (param $x v128) (result v128)
    (local $ax v128) (local $big v128) (local $t v128) (local $hi v128) (local $lo v128) (local $r v128)
    (local $tt v128) (local $c v128) (local $y v128)
    (local.set $ax (f64x2.abs (local.get $x)))
    (if (i32.eqz (i64x2.all_true (f64x2.lt (local.get $ax) (v128.const f64x2 704 704))))
      (then (return (f64x2.replace_lane 1 (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
        (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
    ;; |x| > 0.5 ln2 (hx > 0x3FD62E42): k = (int)(invln2 x +- 0.5), else k = 0
    (local.set $big (f64x2.ge (local.get $ax) (v128.const f64x2 0x1.62e43p-2 0x1.62e43p-2)))
    (local.set $t (v128.and (local.get $big) (f64x2.trunc (f64x2.add
      (f64x2.mul (v128.const f64x2 1.44269504088896338700e+00 1.44269504088896338700e+00) (local.get $x))
      (v128.bitselect (local.get $x) (v128.const f64x2 0.5 0.5) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
    ;; where 0.5 ln2 < |x| < 1.5 ln2 this is fdlibm's k = +-1, hi = x -+ ln2HI, lo = +-ln2LO; where k = 0, r = x
    (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))))
    (local.set $lo (f64x2.mul (local.get $t) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10)))
    (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $tt (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $c (f64x2.sub (local.get $r) (f64x2.mul (local.get $tt)
      (f64x2.add (v128.const f64x2 1.66666666666666019037e-01 1.66666666666666019037e-01) (f64x2.mul (local.get $tt)
      (f64x2.add (v128.const f64x2 -2.77777777770155933842e-03 -2.77777777770155933842e-03) (f64x2.mul (local.get $tt)
      (f64x2.add (v128.const f64x2 6.61375632143793436117e-05 6.61375632143793436117e-05) (f64x2.mul (local.get $tt)
      (f64x2.add (v128.const f64x2 -1.65339022054652515390e-06 -1.65339022054652515390e-06)
        (f64x2.mul (local.get $tt) (v128.const f64x2 4.13813679705723846039e-08 4.13813679705723846039e-08))))))))))))
    ;; (1 - ((lo - rc / (2 - c)) - hi)) 2^k, 2^k from t's bits after adding 1.5 * 2^52. Where k = 0 (t = +0:
    ;; hi = x, lo = +0) this is fdlibm's 1 - (rc / (c - 2) - x): rc / (c - 2) is exactly -(rc / (2 - c)), and
    ;; +0 - q is -q but for q = 0, which needs |x| < 2^-28, where the result is 1 + x.
    (local.set $y (f64x2.mul
      (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub
        (f64x2.sub (local.get $lo) (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (v128.const f64x2 2 2) (local.get $c))))
        (local.get $hi)))
      (i64x2.shl (i64x2.add
        (f64x2.add (local.get $t) (v128.const f64x2 0x1.8p52 0x1.8p52))
        (v128.const i64x2 -0x4337FFFFFFFFFC01 -0x4337FFFFFFFFFC01)) (i32.const 52))))
    ;; |x| < 2^-28: 1 + x; x = 1: E
    (local.set $y (v128.bitselect (f64x2.add (v128.const f64x2 1 1) (local.get $x)) (local.get $y)
      (f64x2.lt (local.get $ax) (v128.const f64x2 0x1p-28 0x1p-28))))
    (v128.bitselect (v128.const f64x2 2.718281828459045 2.718281828459045) (local.get $y)
      (f64x2.eq (local.get $x) (v128.const f64x2 1 1))))

  ;; log on each lane.
  (func $log2 (param $x v128) (result v128)
    (local $hx v128) (local $k v128) (local $i v128) (local $f v128) (local $dk v128) (local $R v128)
    (local $s v128) (local $z v128) (local $w v128) (local $hfsq v128) (local $small v128) (local $main v128)
    (local $LN2HI v128) (local $LN2LO v128) (local $isSmall v128) (local $isHfsq v128)
    (if (i32.eqz (i64x2.all_true (v128.and
        (f64x2.ge (local.get $x) (v128.const f64x2 0x1p-1022 0x1p-1022))
        (f64x2.lt (local.get $x) (v128.const f64x2 inf inf)))))
      (then (return (f64x2.replace_lane 1 (f64x2.splat (call $log (f64x2.extract_lane 0 (local.get $x))))
        (call $log (f64x2.extract_lane 1 (local.get $x)))))))
    (local.set $LN2HI (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
    (local.set $LN2LO (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
    (local.set $hx (i64x2.shr_u (local.get $x) (i32.const 32)))
    (local.set $k (i64x2.sub (i64x2.shr_u (local.get $hx) (i32.const 20)) (v128.const i64x2 1023 1023)))
    (local.set $hx (v128.and (local.get $hx) (v128.const i64x2 0xFFFFF 0xFFFFF)))
    (local.set $i (v128.and (i64x2.add (local.get $hx) (v128.const i64x2 0x95F64 0x95F64)) (v128.const i64x2 0x100000 0x100000)))
    (local.set $f (f64x2.sub
      (v128.or
        (i64x2.shl (v128.or (local.get $hx) (v128.xor (local.get $i) (v128.const i64x2 0x3FF00000 0x3FF00000))) (i32.const 32))
        (v128.and (local.get $x) (v128.const i64x2 0xFFFFFFFF 0xFFFFFFFF)))
      (v128.const f64x2 1 1)))
    (local.set $k (i64x2.add (local.get $k) (i64x2.shr_u (local.get $i) (i32.const 20))))
    ;; (double) k: k + 1.5 * 2^52 in the bits, minus 1.5 * 2^52
    (local.set $dk (f64x2.sub (i64x2.add (local.get $k) (v128.const f64x2 0x1.8p52 0x1.8p52)) (v128.const f64x2 0x1.8p52 0x1.8p52)))
    ;; Only fdlibm's k != 0 forms: with dk = +0 each is its k = 0 form exactly (0 * c = +0, c - +0 = c,
    ;; 0 - (a - f) = f - a as a - f = -(f - a), both +0 where a = f), and the f = 0 return is dk ln2_hi + dk ln2_lo.
    ;; Most arguments take the last form (s (f - R)); the two others are computed only where a lane needs them:
    ;; -2^-20 <= f < 2^-20 ((2 + hx) & 0xFFFFF < 3), and (hx - 0x6147A) | (0x6B851 - hx) > 0 (hfsq).
    (local.set $isSmall (i64x2.lt_s (v128.and (i64x2.add (local.get $hx) (v128.const i64x2 2 2)) (v128.const i64x2 0xFFFFF 0xFFFFF))
      (v128.const i64x2 3 3)))
    (local.set $isHfsq (i64x2.gt_s
      (v128.or (i64x2.sub (local.get $hx) (v128.const i64x2 0x6147A 0x6147A)) (i64x2.sub (v128.const i64x2 0x6B851 0x6B851) (local.get $hx)))
      (v128.const i64x2 0 0)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.const f64x2 2 2) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
    (local.set $R (f64x2.add
      (f64x2.mul (local.get $z) (f64x2.add (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01) (f64x2.mul (local.get $w)
        (f64x2.add (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01) (f64x2.mul (local.get $w)
        (f64x2.add (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01)
          (f64x2.mul (local.get $w) (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01))))))))
      (f64x2.mul (local.get $w) (f64x2.add (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01) (f64x2.mul (local.get $w)
        (f64x2.add (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01)
          (f64x2.mul (local.get $w) (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01))))))))
    (local.set $main (f64x2.sub (f64x2.mul (local.get $dk) (local.get $LN2HI))
      (f64x2.sub (f64x2.sub (f64x2.mul (local.get $s) (f64x2.sub (local.get $f) (local.get $R)))
        (f64x2.mul (local.get $dk) (local.get $LN2LO))) (local.get $f))))
    (if (i32.eqz (v128.any_true (v128.or (local.get $isSmall) (local.get $isHfsq)))) (then (return (local.get $main))))
    (local.set $hfsq (f64x2.mul (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $f)) (local.get $f)))
    (local.set $main (v128.bitselect
      (f64x2.sub (f64x2.mul (local.get $dk) (local.get $LN2HI))
        (f64x2.sub (f64x2.sub (local.get $hfsq) (f64x2.add (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
          (f64x2.mul (local.get $dk) (local.get $LN2LO)))) (local.get $f)))
      (local.get $main)
      (local.get $isHfsq)))
    ;; R of the small form: f f (0.5 - f / 3)
    (local.set $R (f64x2.mul (f64x2.mul (local.get $f) (local.get $f))
      (f64x2.sub (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.33333333333333333 0.33333333333333333) (local.get $f)))))
    (local.set $small (v128.bitselect
      (f64x2.add (f64x2.mul (local.get $dk) (local.get $LN2HI)) (f64x2.mul (local.get $dk) (local.get $LN2LO)))
      (f64x2.sub (f64x2.mul (local.get $dk) (local.get $LN2HI))
        (f64x2.sub (f64x2.sub (local.get $R) (f64x2.mul (local.get $dk) (local.get $LN2LO))) (local.get $f)))
      (f64x2.eq (local.get $f) (v128.const f64x2 0 0))))
    (v128.bitselect (local.get $small) (local.get $main) (local.get $isSmall)))

  ;; ---------------------------------------------------------------------------
  ;; Arrays: dst[i] = exp(src[i]) or log(src[i]) for i < count (f64 at byte
  ;; addresses src and dst), one value at a time or two (count even).
  ;; ---------------------------------------------------------------------------
  (func (export "expScalar") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (f64.store (local.get $dst) (call $exp (f64.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (br $next))))
  (func (export "expSimd") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (v128.store (local.get $dst) (call $exp2 (v128.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $next))))
  (func (export "logScalar") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (f64.store (local.get $dst) (call $log (f64.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (br $next))))
  (func (export "logSimd") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (v128.store (local.get $dst) (call $log2 (v128.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $next))))

  ;; ---------------------------------------------------------------------------
  ;; deviceChoice of src/model/world/devices.ts over a batch of B runs (B
  ;; even), two runs at a time: every array is a row of B f64 per slot
  ;; ([slot][run], runs innermost, rows B * 8 bytes apart), at a byte
  ;; address in memory:
  ;;   in:  util[j], alpha[j * K + k], tierUtil[k], active[j] (1 or 0),
  ;;        lambda, gamma;
  ;;   out: cond[j * K + k], inclusive[k], tierProb[s * K + k] (s <= K),
  ;;        dest[s * n + j].
  ;; Each run's operations are the JavaScript's, in its order.
  ;; ---------------------------------------------------------------------------
  (func (export "deviceChoice")
    (param $n i32) (param $K i32) (param $B i32) (param $util i32) (param $alpha i32) (param $tierUtil i32) (param $active i32)
    (param $lambda i32) (param $gamma i32) (param $cond i32) (param $inclusive i32) (param $tierProb i32) (param $dest i32)
    (local $row i32) (local $o i32) (local $j i32) (local $k i32) (local $s i32) (local $at i32) (local $bt i32)
    (local $lam v128) (local $max v128) (local $sum v128) (local $x v128) (local $tu v128) (local $a v128) (local $none v128)
    (local $e v128) (local $p v128) (local $plus v128)
    (local.set $row (i32.shl (local.get $B) (i32.const 3)))
    (local.set $o (i32.const 0))
    (block $runsDone (loop $runs
      (br_if $runsDone (i32.ge_u (local.get $o) (local.get $row)))
      (local.set $lam (v128.load (i32.add (local.get $lambda) (local.get $o))))
      ;; within each tier: cond[j, k] = exp((V_j + alpha_jk + tierUtil_k) / lambda - max), normalised; inclusive value
      (local.set $k (i32.const 0))
      (block $tiersDone (loop $tiers
        (br_if $tiersDone (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $max (v128.const f64x2 -inf -inf))
        (local.set $tu (v128.load (i32.add (local.get $tierUtil) (i32.add (i32.mul (local.get $k) (local.get $row)) (local.get $o)))))
        (local.set $j (i32.const 0))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $at (i32.add (i32.mul (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o)))
          (local.set $a (v128.load (i32.add (local.get $alpha) (local.get $at))))
          (local.set $x (v128.bitselect
            (v128.const f64x2 -inf -inf)
            (f64x2.div (f64x2.add (f64x2.add
              (v128.load (i32.add (local.get $util) (i32.add (i32.mul (local.get $j) (local.get $row)) (local.get $o))))
              (local.get $a)) (local.get $tu)) (local.get $lam))
            (v128.or
              (f64x2.eq (v128.load (i32.add (local.get $active) (i32.add (i32.mul (local.get $j) (local.get $row)) (local.get $o)))) (v128.const f64x2 0 0))
              (f64x2.eq (local.get $a) (v128.const f64x2 -inf -inf)))))
          (v128.store (i32.add (local.get $cond) (local.get $at)) (local.get $x))
          (local.set $max (v128.bitselect (local.get $x) (local.get $max) (f64x2.gt (local.get $x) (local.get $max))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l1)))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $j (i32.const 0))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $at (i32.add (local.get $cond) (i32.add (i32.mul (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o))))
          (local.set $x (v128.load (local.get $at)))
          (local.set $none (f64x2.eq (local.get $x) (v128.const f64x2 -inf -inf)))
          (local.set $e (v128.andnot
            (call $exp2 (v128.andnot (f64x2.sub (local.get $x) (local.get $max)) (local.get $none)))
            (local.get $none)))
          (v128.store (local.get $at) (local.get $e))
          (local.set $sum (f64x2.add (local.get $sum) (local.get $e)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l2)))
        (local.set $none (f64x2.gt (local.get $sum) (v128.const f64x2 0 0)))  ;; here: sum > 0
        (local.set $x (v128.and (f64x2.div (v128.const f64x2 1 1) (local.get $sum)) (local.get $none)))
        (local.set $j (i32.const 0))
        (block $d3 (loop $l3
          (br_if $d3 (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $at (i32.add (local.get $cond) (i32.add (i32.mul (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o))))
          (v128.store (local.get $at) (f64x2.mul (v128.load (local.get $at)) (local.get $x)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l3)))
        (v128.store (i32.add (local.get $inclusive) (i32.add (i32.mul (local.get $k) (local.get $row)) (local.get $o)))
          (v128.bitselect
            (f64x2.add (local.get $max) (call $log2 (v128.bitselect (local.get $sum) (v128.const f64x2 1 1) (local.get $none))))
            (v128.const f64x2 -inf -inf)
            (local.get $none)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $tiers)))
      ;; a free chooser from tier s (s = K: a first-time buyer): tierProb[s, k] ∝ exp(lambda I_k + gamma [k = s]); dest[s, j]
      (local.set $s (i32.const 0))
      (block $originsDone (loop $origins
        (br_if $originsDone (i32.gt_u (local.get $s) (local.get $K)))
        (local.set $max (v128.const f64x2 -inf -inf))
        (local.set $k (i32.const 0))
        (block $d4 (loop $l4
          (br_if $d4 (i32.ge_u (local.get $k) (local.get $K)))
          (local.set $x (v128.load (i32.add (local.get $inclusive) (i32.add (i32.mul (local.get $k) (local.get $row)) (local.get $o)))))
          (local.set $plus (v128.const f64x2 0 0))
          (if (i32.eq (local.get $k) (local.get $s)) (then (local.set $plus (v128.load (i32.add (local.get $gamma) (local.get $o))))))
          (local.set $x (v128.bitselect
            (v128.const f64x2 -inf -inf)
            (f64x2.add (f64x2.mul (local.get $lam) (local.get $x)) (local.get $plus))
            (f64x2.eq (local.get $x) (v128.const f64x2 -inf -inf))))
          (v128.store (i32.add (local.get $tierProb) (i32.add (i32.mul (i32.add (i32.mul (local.get $s) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o)))
            (local.get $x))
          (local.set $max (v128.bitselect (local.get $x) (local.get $max) (f64x2.gt (local.get $x) (local.get $max))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $l4)))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $k (i32.const 0))
        (block $d5 (loop $l5
          (br_if $d5 (i32.ge_u (local.get $k) (local.get $K)))
          (local.set $at (i32.add (local.get $tierProb) (i32.add (i32.mul (i32.add (i32.mul (local.get $s) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o))))
          (local.set $x (v128.load (local.get $at)))
          (local.set $none (f64x2.eq (local.get $x) (v128.const f64x2 -inf -inf)))
          (local.set $e (v128.andnot
            (call $exp2 (v128.andnot (f64x2.sub (local.get $x) (local.get $max)) (local.get $none)))
            (local.get $none)))
          (v128.store (local.get $at) (local.get $e))
          (local.set $sum (f64x2.add (local.get $sum) (local.get $e)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $l5)))
        (local.set $k (i32.const 0))
        (block $d6 (loop $l6
          (br_if $d6 (i32.ge_u (local.get $k) (local.get $K)))
          (local.set $at (i32.add (local.get $tierProb) (i32.add (i32.mul (i32.add (i32.mul (local.get $s) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o))))
          (v128.store (local.get $at) (f64x2.div (v128.load (local.get $at)) (local.get $sum)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $l6)))
        (local.set $j (i32.const 0))
        (block $d7 (loop $l7
          (br_if $d7 (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $p (v128.const f64x2 0 0))
          (local.set $k (i32.const 0))
          (block $d8 (loop $l8
            (br_if $d8 (i32.ge_u (local.get $k) (local.get $K)))
            (local.set $p (f64x2.add (local.get $p) (f64x2.mul
              (v128.load (i32.add (local.get $tierProb) (i32.add (i32.mul (i32.add (i32.mul (local.get $s) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o))))
              (v128.load (i32.add (local.get $cond) (i32.add (i32.mul (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (local.get $row)) (local.get $o)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $l8)))
          (v128.store (i32.add (local.get $dest) (i32.add (i32.mul (i32.add (i32.mul (local.get $s) (local.get $n)) (local.get $j)) (local.get $row)) (local.get $o)))
            (local.get $p))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l7)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $origins)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $runs))))
)

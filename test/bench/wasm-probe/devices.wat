;; Probe (not shipped): World.stepDevices(m, t) + World.recordDevices(m, t, T1)
;; of src/model/world.ts by hand in WebAssembly, for one device market whose
;; state lives in this module's memory. The market is described by a header at
;; byte 0 (see HEADER in probe.ts): i32 byte offsets of its arrays and a few f64
;; scalars. Every f64 operation follows the JS order, so results are
;; bit-identical; exp is V8's own Math.exp, imported.
;;
;; Header (byte offsets), i32 unless noted:
;;   0 n   4 nK   8 H (horizon)   12 T1 (horizon + 1)   16 nDrift   20 nFixed   24 nMoving
;;  28 usesAI   32 usesReach   36 hasLift   40 nPart
;;  44 agents(i32 n)  48 active(u8 n)  52 alpha  56 loyalty  60 baseWeights(nK)  64 weights(nK)
;;  68 drift (32-byte entries: attr i32, hasLimit i32, perMonth f64, limit f64, pad)
;;  72 fixedAttrs(i32)  76 movingAttrs(i32)  80 fixedU  84 eps  88 util  92 prob  96 attrAI
;; 100 lift(n*12)  104 season(12)  108 base  112 invCycle  116 origin  120 share  124 draws(n*H)
;; 128 cal(i32 T1)  132 dShare  136 dAI  140 dSales  144 dBase  148 dBaseShare (n*T1 each)
;; 152 baseAttr(nA*nK)  156 partnerships (64-byte entries: live i32, slot i32, provider i32,
;;     amSlot i32, rampKind i32 (0 immediate, 1 linear, 2 bass), pad, integration f64 @24,
;;     privacy f64 @32, goLive f64 @40, rampA f64 @48 (months | p), rampB f64 @56 (q))
;; f64: 160 rho  168 innovation  176 monthlyGrowth  184 unitsNow (written)
(module
  (import "Math" "exp" (func $exp (param f64) (result f64)))
  (memory (export "memory") 4)

  ;; rampAt(ramp, tau) for a partnership entry at byte e.
  (func $ramp (param $e i32) (param $tau f64) (result f64)
    (local $kind i32) (local $a f64) (local $b f64) (local $x f64)
    (if (f64.le (local.get $tau) (f64.const 0)) (then (return (f64.const 0))))
    (local.set $kind (i32.load offset=16 (local.get $e)))
    (local.set $a (f64.load offset=48 (local.get $e)))
    (if (i32.eq (local.get $kind) (i32.const 0)) (then (return (f64.const 1))))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then
        (if (f64.le (local.get $a) (f64.const 0)) (then (return (f64.const 1))))
        (return (f64.min (f64.const 1) (f64.div (local.get $tau) (local.get $a))))))
    ;; bass: bassCumulative(tau, p, q)
    (local.set $b (f64.load offset=56 (local.get $e)))
    (local.set $x (call $exp (f64.mul (f64.neg (f64.add (local.get $a) (local.get $b))) (local.get $tau))))
    (f64.div (f64.sub (f64.const 1) (local.get $x))
             (f64.add (f64.const 1) (f64.mul (f64.div (local.get $b) (local.get $a)) (local.get $x)))))

  ;; stepDevices(m, t) then recordDevices(m, t, T1). Inputs owned by the rest of
  ;; the world are passed as byte offsets: ownAI and quality (per agent), this
  ;; market's utilMod and aiBonus, attrMod (per agent × attribute; read only when
  ;; attrDirty), and the assistant market's aiBonus (for partnerships).
  (func (export "stepDevices")
    (param $t i32) (param $ownAI i32) (param $quality i32) (param $utilMod i32) (param $aiBonus i32)
    (param $attrMod i32) (param $attrDirty i32) (param $amBonus i32)
    (local $n i32) (local $nK i32) (local $j i32) (local $i i32) (local $k i32) (local $e i32) (local $row i32)
    (local $cal i32) (local $end i32) (local $j8 i32) (local $ji i32)
    (local $weights i32) (local $agents i32) (local $active i32) (local $attrAI i32) (local $util i32) (local $prob i32)
    (local $eps i32) (local $base i32) (local $origin i32) (local $share i32) (local $loyalty i32) (local $baseAttr i32)
    (local $lift i32) (local $T1 i32)
    (local $w f64) (local $u f64) (local $x f64) (local $max f64) (local $sum f64) (local $inv f64)
    (local $rho f64) (local $innovation f64) (local $season f64) (local $replacing f64) (local $total f64)
    (local $newcomers f64) (local $sales f64) (local $newFraction f64) (local $free f64) (local $old f64)
    (local $wAI f64) (local $wReach f64) (local $pr f64) (local $tf f64)
    (local.set $n (i32.load (i32.const 0)))
    (local.set $nK (i32.load (i32.const 4)))
    (local.set $T1 (i32.load (i32.const 12)))
    (local.set $agents (i32.load (i32.const 44)))
    (local.set $active (i32.load (i32.const 48)))
    (local.set $weights (i32.load (i32.const 64)))
    (local.set $attrAI (i32.load (i32.const 96)))
    (local.set $util (i32.load (i32.const 88)))
    (local.set $prob (i32.load (i32.const 92)))
    (local.set $eps (i32.load (i32.const 84)))
    (local.set $base (i32.load (i32.const 108)))
    (local.set $origin (i32.load (i32.const 116)))
    (local.set $share (i32.load (i32.const 120)))
    (local.set $loyalty (i32.load (i32.const 56)))
    (local.set $baseAttr (i32.load (i32.const 152)))
    (local.set $tf (f64.convert_i32_s (local.get $t)))

    ;; ---- updateWeights
    (local.set $e (i32.load (i32.const 68)))
    (local.set $end (i32.add (local.get $e) (i32.shl (i32.load (i32.const 16)) (i32.const 5))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
      (local.set $k (i32.shl (i32.load (local.get $e)) (i32.const 3)))
      (local.set $w (f64.add (f64.load (i32.add (i32.load (i32.const 60)) (local.get $k)))
                             (f64.mul (f64.load offset=8 (local.get $e)) (local.get $tf))))
      (if (i32.load offset=4 (local.get $e))
        (then
          (if (f64.ge (f64.load offset=8 (local.get $e)) (f64.const 0))
            (then (local.set $w (f64.min (local.get $w) (f64.load offset=16 (local.get $e)))))
            (else (local.set $w (f64.max (local.get $w) (f64.load offset=16 (local.get $e))))))))
      (f64.store (i32.add (local.get $weights) (local.get $k)) (local.get $w))
      (local.set $e (i32.add (local.get $e) (i32.const 32)))
      (br $next)))

    ;; ---- deviceAI: own AI + market bonus, then the best live partner's
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j8 (i32.shl (local.get $j) (i32.const 3)))
      (f64.store (i32.add (local.get $attrAI) (local.get $j8))
        (f64.add (f64.load (i32.add (local.get $ownAI) (i32.shl (i32.load (i32.add (local.get $agents) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 3))))
                 (f64.load (i32.add (local.get $aiBonus) (local.get $j8)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $e (i32.load (i32.const 156)))
    (local.set $end (i32.add (local.get $e) (i32.shl (i32.load (i32.const 40)) (i32.const 6))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
      (if (i32.load (local.get $e))
        (then
          (local.set $k (i32.shl (i32.load offset=8 (local.get $e)) (i32.const 3)))
          ;; cap = providerAI * quality * integration * privacy * ramp
          (local.set $x
            (f64.mul
              (f64.mul
                (f64.mul
                  (f64.mul
                    (f64.add (f64.load (i32.add (local.get $ownAI) (local.get $k)))
                             (f64.load (i32.add (local.get $amBonus) (i32.shl (i32.load offset=12 (local.get $e)) (i32.const 3)))))
                    (f64.load (i32.add (local.get $quality) (local.get $k))))
                  (f64.load offset=24 (local.get $e)))
                (f64.load offset=32 (local.get $e)))
              (call $ramp (local.get $e) (f64.sub (f64.convert_i32_s (i32.add (local.get $t) (i32.const 1))) (f64.load offset=40 (local.get $e))))))
          (local.set $i (i32.add (local.get $attrAI) (i32.shl (i32.load offset=4 (local.get $e)) (i32.const 3))))
          (if (f64.gt (local.get $x) (f64.load (local.get $i))) (then (f64.store (local.get $i) (local.get $x))))))
      (local.set $e (i32.add (local.get $e) (i32.const 64)))
      (br $next)))

    ;; ---- updateNoise
    (local.set $innovation (f64.load (i32.const 168)))
    (if (f64.ne (local.get $innovation) (f64.const 0))
      (then
        (local.set $rho (f64.load (i32.const 160)))
        ;; draws[j * H + t - 1]
        (local.set $i (i32.add (i32.load (i32.const 124)) (i32.shl (i32.sub (local.get $t) (i32.const 1)) (i32.const 3))))
        (local.set $k (i32.shl (i32.load (i32.const 8)) (i32.const 3)))
        (local.set $j8 (i32.const 0))
        (local.set $end (i32.shl (local.get $n) (i32.const 3)))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $j8) (local.get $end)))
          (local.set $ji (i32.add (local.get $eps) (local.get $j8)))
          (f64.store (local.get $ji)
            (f64.add (f64.mul (local.get $rho) (f64.load (local.get $ji)))
                     (f64.mul (local.get $innovation) (f64.load (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (local.get $k)))
          (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
          (br $next)))))

    ;; ---- computeUtilities (attributeUtilities fused in: no dependence across slots)
    (local.set $cal (i32.load (i32.add (i32.load (i32.const 128)) (i32.shl (local.get $t) (i32.const 2)))))
    (local.set $wAI (f64.load (local.get $weights)))
    (local.set $wReach (f64.load offset=8 (local.get $weights)))
    (local.set $lift (select (i32.load (i32.const 100)) (i32.const 0) (i32.load (i32.const 36))))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j8 (i32.shl (local.get $j) (i32.const 3)))
      (local.set $row (i32.mul (i32.load (i32.add (local.get $agents) (i32.shl (local.get $j) (i32.const 2)))) (local.get $nK)))
      (local.set $u (f64.load (i32.add (i32.load (i32.const 80)) (local.get $j8))))
      (if (local.get $attrDirty)
        (then
          (local.set $i (i32.load (i32.const 72)))
          (local.set $end (i32.add (local.get $i) (i32.shl (i32.load (i32.const 20)) (i32.const 2))))
          (block $d2 (loop $n2
            (br_if $d2 (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $k (i32.load (local.get $i)))
            (local.set $u (f64.add (local.get $u)
              (f64.mul (f64.load (i32.add (local.get $weights) (i32.shl (local.get $k) (i32.const 3))))
                       (f64.load (i32.add (local.get $attrMod) (i32.shl (i32.add (local.get $row) (local.get $k)) (i32.const 3)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $n2)))))
      (local.set $i (i32.load (i32.const 76)))
      (local.set $end (i32.add (local.get $i) (i32.shl (i32.load (i32.const 24)) (i32.const 2))))
      (block $d2 (loop $n2
        (br_if $d2 (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $k (i32.shl (i32.add (local.get $row) (i32.load (local.get $i))) (i32.const 3)))
        (local.set $u (f64.add (local.get $u)
          (f64.mul (f64.load (i32.add (local.get $weights) (i32.shl (i32.load (local.get $i)) (i32.const 3))))
                   (f64.add (f64.load (i32.add (local.get $baseAttr) (local.get $k)))
                            (f64.load (i32.add (local.get $attrMod) (local.get $k)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $n2)))
      (if (i32.load (i32.const 28))
        (then (local.set $u (f64.add (local.get $u) (f64.mul (local.get $wAI) (f64.load (i32.add (local.get $attrAI) (local.get $j8))))))))
      (if (i32.load (i32.const 32))
        (then (local.set $u (f64.add (local.get $u)
          (f64.mul (local.get $wReach) (f64.load offset=8 (i32.add (local.get $attrMod) (i32.shl (local.get $row) (i32.const 3)))))))))
      ;; util = alpha + u + utilMod + eps + (lift ? lift[j * 12 + cal] : 0)
      (f64.store (i32.add (local.get $util) (local.get $j8))
        (f64.add
          (f64.add
            (f64.add
              (f64.add (f64.load (i32.add (i32.load (i32.const 52)) (local.get $j8))) (local.get $u))
              (f64.load (i32.add (local.get $utilMod) (local.get $j8))))
            (f64.load (i32.add (local.get $eps) (local.get $j8))))
          (if (result f64) (local.get $lift)
            (then (f64.load (i32.add (local.get $lift) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 12)) (local.get $cal)) (i32.const 3)))))
            (else (f64.const 0)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))

    ;; ---- applyMemberships: left out (no entries or exits in the probe)

    ;; ---- softmax(util, active, prob)
    (local.set $max (f64.const -inf))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $u (f64.load (i32.add (local.get $util) (i32.shl (local.get $j) (i32.const 3)))))
      (if (i32.and (i32.ne (i32.load8_u (i32.add (local.get $active) (local.get $j))) (i32.const 0))
                   (f64.gt (local.get $u) (local.get $max)))
        (then (local.set $max (local.get $u))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $sum (f64.const 0))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j8 (i32.shl (local.get $j) (i32.const 3)))
      (local.set $x
        (if (result f64) (i32.load8_u (i32.add (local.get $active) (local.get $j)))
          (then (call $exp (f64.sub (f64.load (i32.add (local.get $util) (local.get $j8))) (local.get $max))))
          (else (f64.const 0))))
      (f64.store (i32.add (local.get $prob) (local.get $j8)) (local.get $x))
      (local.set $sum (f64.add (local.get $sum) (local.get $x)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $inv (f64.div (f64.const 1) (local.get $sum)))
    (local.set $j8 (i32.const 0))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j8) (local.get $end)))
      (local.set $i (i32.add (local.get $prob) (local.get $j8)))
      (f64.store (local.get $i) (f64.mul (f64.load (local.get $i)) (local.get $inv)))
      (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
      (br $next)))

    ;; ---- updateOrigin(m, season[cal[t]])
    (local.set $season (f64.load (i32.add (i32.load (i32.const 104)) (i32.shl (local.get $cal) (i32.const 3)))))
    (local.set $sum (f64.const 0))
    (local.set $j8 (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j8) (local.get $end)))
      (local.set $x (f64.mul (f64.load (i32.add (local.get $base) (local.get $j8)))
        (f64.min (f64.const 1) (f64.mul (f64.load (i32.add (i32.load (i32.const 112)) (local.get $j8))) (local.get $season)))))
      (f64.store (i32.add (local.get $origin) (local.get $j8)) (local.get $x))
      (local.set $sum (f64.add (local.get $sum) (local.get $x)))
      (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
      (br $next)))
    (local.set $j8 (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j8) (local.get $end)))
      (local.set $i (i32.add (local.get $origin) (local.get $j8)))
      (f64.store (local.get $i) (f64.div (f64.load (local.get $i)) (local.get $sum)))
      (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
      (br $next)))
    (local.set $replacing (local.get $sum))

    ;; ---- total base, newcomers, sales
    (local.set $total (f64.const 0))
    (local.set $j8 (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j8) (local.get $end)))
      (local.set $total (f64.add (local.get $total) (f64.load (i32.add (local.get $base) (local.get $j8)))))
      (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
      (br $next)))
    (local.set $newcomers (f64.mul (local.get $total) (f64.load (i32.const 176))))
    (local.set $sales (f64.max (f64.const 0) (f64.add (local.get $replacing) (local.get $newcomers))))
    (f64.store (i32.const 184) (local.get $sales))
    (local.set $newFraction
      (if (result f64) (f64.gt (local.get $newcomers) (f64.const 0))
        (then (f64.div (local.get $newcomers) (local.get $sales)))
        (else (f64.const 0))))

    ;; ---- deviceShares(m, newFraction)
    (local.set $free (f64.const 0))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j8 (i32.shl (local.get $j) (i32.const 3)))
      (local.set $free (f64.add (local.get $free)
        (f64.mul (f64.load (i32.add (local.get $origin) (local.get $j8)))
          (if (result f64) (i32.load8_u (i32.add (local.get $active) (local.get $j)))
            (then (f64.sub (f64.const 1) (f64.load (i32.add (local.get $loyalty) (local.get $j8)))))
            (else (f64.const 1))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $old (f64.sub (f64.const 1) (local.get $newFraction)))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j8 (i32.shl (local.get $j) (i32.const 3)))
      (local.set $pr (f64.load (i32.add (local.get $prob) (local.get $j8))))
      (f64.store (i32.add (local.get $share) (local.get $j8))
        (f64.add
          (f64.mul (local.get $old)
            (f64.add
              (if (result f64) (i32.load8_u (i32.add (local.get $active) (local.get $j)))
                (then (f64.mul (f64.load (i32.add (local.get $origin) (local.get $j8))) (f64.load (i32.add (local.get $loyalty) (local.get $j8)))))
                (else (f64.const 0)))
              (f64.mul (local.get $free) (local.get $pr))))
          (f64.mul (local.get $newFraction) (local.get $pr))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))

    ;; ---- base += sales * share − replacing * origin
    (local.set $j8 (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j8) (local.get $end)))
      (local.set $i (i32.add (local.get $base) (local.get $j8)))
      (f64.store (local.get $i)
        (f64.add (f64.load (local.get $i))
          (f64.sub (f64.mul (local.get $sales) (f64.load (i32.add (local.get $share) (local.get $j8))))
                   (f64.mul (local.get $replacing) (f64.load (i32.add (local.get $origin) (local.get $j8)))))))
      (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
      (br $next)))

    ;; ---- recordDevices(m, t, T1)
    (local.set $total (f64.const 0))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j8 (i32.shl (local.get $j) (i32.const 3)))
      (local.set $ji (i32.shl (i32.add (i32.mul (local.get $j) (local.get $T1)) (local.get $t)) (i32.const 3)))
      (local.set $x (f64.load (i32.add (local.get $share) (local.get $j8))))
      (local.set $u (f64.load (i32.add (local.get $base) (local.get $j8))))
      (f64.store (i32.add (i32.load (i32.const 132)) (local.get $ji)) (local.get $x))
      (f64.store (i32.add (i32.load (i32.const 136)) (local.get $ji)) (f64.load (i32.add (local.get $attrAI) (local.get $j8))))
      (f64.store (i32.add (i32.load (i32.const 140)) (local.get $ji)) (f64.mul (local.get $x) (local.get $sales)))
      (f64.store (i32.add (i32.load (i32.const 144)) (local.get $ji)) (local.get $u))
      (local.set $total (f64.add (local.get $total) (local.get $u)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (f64.store (i32.add (i32.load (i32.const 148)) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $T1)) (local.get $t)) (i32.const 3)))
        (f64.div (f64.load (i32.add (local.get $base) (i32.shl (local.get $j) (i32.const 3)))) (local.get $total)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
  )
)

// Draws the sample site's pictures and writes them under public/:
//
//   public/media/night-train-platform.jpg  1600×900 JPEG  the night-trains article's picture
//   public/icon.png                        512×512 PNG    the site icon (opaque, full-bleed)
//   public/favicon.ico                     ICO            the icon at 16, 32 and 48 px (PNG payloads)
//   public/logo.png                        600×300 PNG    the icon beside the word "bylines", on white
//   public/media/night-train-routes.png    1600×1000 PNG  the operator's route map the article links to
//
// Every picture is SVG written out below (shapes and gradients, no external files) and rasterised
// by the system Chromium through playwright-core, so anyone can make them again:
//
//   node scripts/draw-sample-media.mjs          (CHROMIUM_PATH names another Chromium)
//
// The output is deterministic: the only "randomness" (which sleeper windows are lit, where the
// stars are) comes from a seeded generator (the route map has none at all), and the only fonts
// are DejaVu Sans / DejaVu Sans Mono, which every stock Debian Chromium has (fonts-dejavu-core).
// Everything drawn here is CC0 1.0.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const PUBLIC = join(ROOT, 'public')
const FONT = "'DejaVu Sans', sans-serif"

/** mulberry32: a small seeded generator, so the same windows are lit on every run. */
function seeded(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const n = (v) => Math.round(v * 100) / 100
const pts = (list) => list.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')

// ---------------------------------------------------------------------------------------------
// The night train: a one-point perspective scene, built in metres and projected by a pinhole
// camera standing on the platform (eye 1.6 m above it, looking down the track). X runs right,
// Y up (0 = platform surface), Z away from the camera.
// ---------------------------------------------------------------------------------------------
const W = 1600
const H = 900
const VP = { x: 1180, y: 500 } // the vanishing point, on the horizon
const F = 900 // focal length in pixels
const EYE = 1.6
const CAM_X = 0.9 // the camera stands this far right of the scene's X = 0

const P = (X, Y, Z) => [VP.x + (F * (X - CAM_X)) / Z, VP.y - (F * (Y - EYE)) / Z]
/** A rectangle on a plane X = const (the coach side, canopy fascia), Z from z1 to z2, Y from y1 to y2. */
const sideQuad = (X, z1, z2, y1, y2) => pts([P(X, y1, z1), P(X, y2, z1), P(X, y2, z2), P(X, y1, z2)])
/** A rectangle on a plane Y = const (platform floor, canopy underside). */
const flatQuad = (Y, x1, x2, z1, z2) => pts([P(x1, Y, z1), P(x2, Y, z1), P(x2, Y, z2), P(x1, Y, z2)])

const TRAIN_X = -3.2 // the coaches' platform-side face
const EDGE_X = -3.0 // the platform edge
const CANOPY_X = -1.8 // the canopy's track-side edge
const CANOPY_Y = 4.6
const CANOPY_END = 150
const COLUMN_X = 2.6
const COACH = 26.4
const GANGWAY = 0.8
const TRAIN_START = 0.6
const COACHES = 7

function nightTrainSvg() {
  const rnd = seeded(0x4e4a40) // "NJ@"
  const parts = []
  const add = (s) => parts.push(s)

  // Sky, stars and a thin moon.
  add(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`)
  for (let i = 0; i < 60; i++) {
    const x = rnd() * 1100
    const y = rnd() * 300
    const r = 0.6 + rnd() * 1.1
    const o = (0.25 + rnd() * 0.6) * (1 - y / 340)
    add(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="#fff" opacity="${n(o)}"/>`)
  }
  add(`<circle cx="735" cy="112" r="46" fill="#fff3d6" opacity="0.10" filter="url(#soft)"/>`)
  add(`<path d="M 735 84 A 28 28 0 1 0 760 126 A 23 23 0 1 1 735 84 Z" fill="#fdf0cf" opacity="0.95"/>`)

  // The far town on the horizon (only seen beyond the train and past the canopy).
  const town = [[0, VP.y + 8]]
  let tx = 0
  while (tx < W) {
    const w = 14 + rnd() * 40
    const h = 10 + rnd() * 34 + (Math.abs(tx - VP.x) < 160 ? 8 : 0)
    town.push([tx, VP.y - h], [tx + w, VP.y - h])
    tx += w
  }
  town.push([W, VP.y + 8])
  add(`<polygon points="${pts(town)}" fill="#3b2f4f"/>`)
  add(`<rect x="0" y="${VP.y - 4}" width="${W}" height="40" fill="#2c2540"/>`)
  for (let i = 0; i < 40; i++) {
    const x = VP.x - 260 + rnd() * 560
    const y = VP.y - 4 - rnd() * 26
    add(`<rect x="${n(x)}" y="${n(y)}" width="2" height="2" fill="#ffcf7a" opacity="${n(0.5 + rnd() * 0.5)}"/>`)
  }
  // A green signal far down the line.
  const [sx, sy] = P(-6.2, 3.2, 190)
  add(`<circle cx="${n(sx)}" cy="${n(sy)}" r="9" fill="#7dffb0" opacity="0.35" filter="url(#soft)"/>`)
  add(`<circle cx="${n(sx)}" cy="${n(sy)}" r="2.2" fill="#d9ffe8"/>`)

  // Overhead line: masts beyond the train, cantilevers and two wires.
  for (let z = 16; z < 200; z += 29) {
    add(`<polygon points="${sideQuad(-7.4, z, z + 0.35, 0, 7.4)}" fill="#1c1a2c"/>`)
    add(
      `<polygon points="${pts([P(-7.4, 6.7, z + 0.1), P(-4.5, 6.7, z + 0.1), P(-4.5, 6.55, z + 0.1), P(-7.4, 6.5, z + 0.1)])}" fill="#1c1a2c"/>`,
    )
    add(
      `<polygon points="${pts([P(-7.4, 5.7, z + 0.1), P(-4.5, 5.55, z + 0.1), P(-4.5, 5.45, z + 0.1), P(-7.4, 5.55, z + 0.1)])}" fill="#1c1a2c"/>`,
    )
  }
  for (const [X, Y] of [
    [-4.6, 5.5],
    [-4.6, 6.6],
  ]) {
    const [x1, y1] = P(X, Y, 1.2)
    const [x2, y2] = P(X, Y, 600)
    add(`<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="#17152a" stroke-width="2.4"/>`)
  }

  // The ground between the train and the platform, below everything else.
  add(
    `<polygon points="${pts([
      [0, H],
      [0, P(EDGE_X, 0, 2)[1]],
      [VP.x, VP.y + 2],
      [W, VP.y + 2],
      [W, H],
    ])}" fill="#1b1a24"/>`,
  )

  // The sleeper train.
  const lit = []
  const train = []
  const bands = [
    [-0.1, 0.55, '#0d1936'],
    [0.55, 1.0, '#1b3572'],
    [1.0, 1.07, '#d9c28b'],
    [1.07, 2.5, '#14295c'],
    [2.5, 3.15, '#1d3b80'],
    [3.15, 3.25, '#d9c28b'],
    [3.25, 3.5, '#4a5570'],
  ]
  for (let c = 0; c < COACHES; c++) {
    const z0 = TRAIN_START + c * (COACH + GANGWAY)
    const z1 = z0 + COACH
    for (const [y1, y2, fill] of bands) train.push(`<polygon points="${sideQuad(TRAIN_X, z0, z1, y1, y2)}" fill="${fill}"/>`)
    // Doors at both ends, each with a small dim window.
    for (const d of [0.55, COACH - 1.45]) {
      train.push(`<polygon points="${sideQuad(TRAIN_X, z0 + d - 0.05, z0 + d + 0.95, -0.05, 2.55)}" fill="#0a1430"/>`)
      train.push(`<polygon points="${sideQuad(TRAIN_X, z0 + d, z0 + d + 0.9, 0.0, 2.5)}" fill="#16306a"/>`)
      train.push(`<polygon points="${sideQuad(TRAIN_X, z0 + d + 0.25, z0 + d + 0.65, 1.45, 2.2)}" fill="#8a7a5a"/>`)
    }
    // Ten compartment windows; most are lit, some with the blind part-way down.
    for (let w = 0; w < 10; w++) {
      const a = z0 + 2.6 + w * 2.2
      const b = a + 1.4
      train.push(`<polygon points="${sideQuad(TRAIN_X, a - 0.07, b + 0.07, 1.2, 2.32)}" fill="#081026"/>`)
      const on = rnd() < 0.78 || a < 14
      if (on) {
        const glass = sideQuad(TRAIN_X, a, b, 1.25, 2.27)
        train.push(`<polygon points="${glass}" fill="url(#lamp)"/>`)
        lit.push(glass)
        const blind = rnd()
        if (blind < 0.45) {
          const down = 2.27 - (0.2 + rnd() * 0.5)
          train.push(`<polygon points="${sideQuad(TRAIN_X, a, b, down, 2.27)}" fill="#f6e4bd"/>`)
          train.push(`<polygon points="${sideQuad(TRAIN_X, a, b, down - 0.03, down)}" fill="#b08c55"/>`)
        } else if (blind < 0.65) {
          // Someone at the window.
          const m = a + 0.35 + rnd() * 0.6
          train.push(`<polygon points="${sideQuad(TRAIN_X, m - 0.2, m + 0.2, 1.25, 1.75)}" fill="#5a3f2c" opacity="0.85"/>`)
          const [hx, hy] = P(TRAIN_X, 1.88, m)
          const hr = (F * 0.11) / m
          train.push(`<ellipse cx="${n(hx)}" cy="${n(hy)}" rx="${n(hr * 0.85)}" ry="${n(hr)}" fill="#5a3f2c" opacity="0.85"/>`)
        }
        // The glass catches a streak of the sky.
        train.push(
          `<polygon points="${pts([P(TRAIN_X, 2.27, a + 0.15), P(TRAIN_X, 2.27, a + 0.45), P(TRAIN_X, 1.25, a + 0.2), P(TRAIN_X, 1.25, a - 0.0)])}" fill="#fff" opacity="0.10"/>`,
        )
      } else {
        train.push(`<polygon points="${sideQuad(TRAIN_X, a, b, 1.25, 2.27)}" fill="url(#darkglass)"/>`)
      }
    }
    // Gangway bellows to the next coach.
    if (c < COACHES - 1) {
      train.push(`<polygon points="${sideQuad(TRAIN_X, z1, z1 + GANGWAY, -0.1, 3.5)}" fill="#050813"/>`)
      for (const y of [0.6, 1.2, 1.8, 2.4])
        train.push(`<polygon points="${sideQuad(TRAIN_X, z1 + 0.1, z1 + GANGWAY - 0.1, y, y + 0.06)}" fill="#1a2033"/>`)
    }
  }
  add(`<g>${train.join('')}</g>`)
  // Atmospheric haze: the far coaches melt into the dusk.
  const trainEnd = TRAIN_START + COACHES * (COACH + GANGWAY) - GANGWAY
  const hull = pts([P(TRAIN_X, 3.5, TRAIN_START), P(TRAIN_X, 3.5, trainEnd), P(TRAIN_X, -0.1, trainEnd), P(TRAIN_X, -0.1, TRAIN_START)])
  add(`<polygon points="${hull}" fill="url(#haze)"/>`)
  add(
    `<g filter="url(#bloom)" opacity="0.85" style="mix-blend-mode:screen">${lit.map((q) => `<polygon points="${q}" fill="#ffb347"/>`).join('')}</g>`,
  )

  // The platform: the floor, the lighter edge stones and the tactile strip.
  const PLAT_END = 240
  add(`<polygon points="${flatQuad(0, EDGE_X, 14, 0.5, PLAT_END)}" fill="url(#floor)"/>`)
  add(`<polygon points="${flatQuad(0, EDGE_X, EDGE_X + 0.3, 0.5, PLAT_END)}" fill="#9a93a0"/>`)
  add(`<polygon points="${flatQuad(0, EDGE_X + 0.55, EDGE_X + 0.75, 0.5, PLAT_END)}" fill="#e8d9a8"/>`)
  // Paving joints across the platform.
  for (let z = 1.5; z < 60; z *= 1.22) {
    const [x1, y1] = P(EDGE_X, 0, z)
    const [x2, y2] = P(14, 0, z)
    add(
      `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="#20202c" stroke-opacity="0.25" stroke-width="${n(Math.max(0.6, 9 / z))}"/>`,
    )
  }
  // Window light spilling onto the platform beside the train.
  const spill = []
  for (let c = 0; c < COACHES; c++) {
    const z0 = TRAIN_START + c * (COACH + GANGWAY)
    for (let w = 0; w < 10; w++) {
      const a = z0 + 2.6 + w * 2.2
      spill.push(`<polygon points="${flatQuad(0, EDGE_X, EDGE_X + 1.6, a, a + 1.4)}"/>`)
    }
  }
  add(`<g fill="#ffbf66" opacity="0.16" filter="url(#soft)">${spill.join('')}</g>`)

  // Pools of light under the canopy lamps.
  for (let z = 4; z < CANOPY_END; z += 6) {
    const [cx, cy] = P(1.4, 0, z + 0.75)
    const rx = (F * 2.4) / z
    const ry = (F * 2.4 * EYE) / (z * z)
    add(`<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(Math.min(ry, rx))}" fill="url(#pool)"/>`)
  }

  // A traveller with a suitcase, walking towards the train.
  {
    const z = 17
    const [fx, fy] = P(-1.2, 0, z)
    const s = F / z // pixels per metre here
    add(`<ellipse cx="${n(fx)}" cy="${n(fy)}" rx="${n(0.45 * s)}" ry="${n(0.08 * s)}" fill="#000" opacity="0.35"/>`)
    add(`<g fill="#15131f">
      <path d="M ${n(fx - 0.14 * s)} ${n(fy)} L ${n(fx - 0.06 * s)} ${n(fy - 0.85 * s)} L ${n(fx + 0.02 * s)} ${n(fy - 0.85 * s)} L ${n(fx - 0.03 * s)} ${n(fy)} Z"/>
      <path d="M ${n(fx + 0.16 * s)} ${n(fy)} L ${n(fx + 0.06 * s)} ${n(fy - 0.85 * s)} L ${n(fx - 0.02 * s)} ${n(fy - 0.85 * s)} L ${n(fx + 0.06 * s)} ${n(fy)} Z"/>
      <rect x="${n(fx - 0.2 * s)}" y="${n(fy - 1.45 * s)}" width="${n(0.4 * s)}" height="${n(0.72 * s)}" rx="${n(0.1 * s)}"/>
      <circle cx="${n(fx)}" cy="${n(fy - 1.6 * s)}" r="${n(0.12 * s)}"/>
      <rect x="${n(fx + 0.2 * s)}" y="${n(fy - 0.6 * s)}" width="${n(0.36 * s)}" height="${n(0.55 * s)}" rx="${n(0.05 * s)}" fill="#6b2430"/>
      <rect x="${n(fx + 0.31 * s)}" y="${n(fy - 0.82 * s)}" width="${n(0.03 * s)}" height="${n(0.22 * s)}"/>
      <rect x="${n(fx + 0.2 * s)}" y="${n(fy - 0.84 * s)}" width="${n(0.14 * s)}" height="${n(0.03 * s)}"/>
    </g>`)
    // Rim light from the train windows.
    add(
      `<path d="M ${n(fx - 0.2 * s)} ${n(fy - 1.35 * s)} L ${n(fx - 0.2 * s)} ${n(fy - 0.8 * s)}" stroke="#ffb85c" stroke-width="1.4" opacity="0.8"/>`,
    )
  }

  // The canopy: underside, cross beams, its fascia, strip lights and columns.
  add(`<polygon points="${flatQuad(CANOPY_Y, CANOPY_X, 14, 0.5, CANOPY_END)}" fill="url(#canopy)"/>`)
  for (let z = 2; z < CANOPY_END; z += 3) {
    add(
      `<polygon points="${pts([P(CANOPY_X, CANOPY_Y, z), P(14, CANOPY_Y, z), P(14, CANOPY_Y, z + 0.25), P(CANOPY_X, CANOPY_Y, z + 0.25)])}" fill="#12121c" opacity="0.7"/>`,
    )
  }
  add(`<polygon points="${sideQuad(CANOPY_X, 0.5, CANOPY_END, 4.25, CANOPY_Y)}" fill="#3a3b4e"/>`)
  add(`<polygon points="${sideQuad(CANOPY_X, 0.5, CANOPY_END, 4.25, 4.3)}" fill="#9aa0b8"/>`)
  const lamps = []
  for (let z = 4; z < CANOPY_END; z += 6) lamps.push(`<polygon points="${flatQuad(CANOPY_Y - 0.05, 1.25, 1.55, z, z + 1.5)}"/>`)
  // Each lamp lights the underside of the canopy around it.
  for (let z = 4; z < CANOPY_END; z += 6) {
    const [cx, cy] = P(1.4, CANOPY_Y, z + 0.75)
    const rx = (F * 2.2) / z
    const ry = (F * 2.2 * (CANOPY_Y - EYE)) / (z * z)
    add(`<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(Math.min(ry, rx))}" fill="url(#pool)" opacity="0.8"/>`)
  }
  add(`<g fill="#fff1cf" filter="url(#bloom)" opacity="0.9">${lamps.join('')}</g>`)
  add(`<g fill="#fffaf0">${lamps.join('')}</g>`)
  for (let z = 6; z < CANOPY_END; z += 10) {
    add(
      `<polygon points="${pts([P(COLUMN_X - 0.15, 0, z), P(COLUMN_X - 0.15, CANOPY_Y, z), P(COLUMN_X - 0.15, CANOPY_Y, z + 0.3), P(COLUMN_X - 0.15, 0, z + 0.3)])}" fill="#2a2c3a"/>`,
    )
    const [x1, y1] = P(COLUMN_X - 0.15, CANOPY_Y, z)
    const [x2, y2] = P(COLUMN_X + 0.15, 0, z)
    add(`<rect x="${n(x1)}" y="${n(y1)}" width="${n(x2 - x1)}" height="${n(y2 - y1)}" fill="url(#column)"/>`)
  }

  // The platform sign: "4", the destination and the departure time.
  {
    const z = 8.5
    const [x1, y1] = P(-1.75, 4.15, z)
    const [x2, y2] = P(0.65, 3.45, z)
    const w = x2 - x1
    const h = y2 - y1
    for (const X of [-1.45, 0.35]) {
      const [rx, ry1] = P(X, CANOPY_Y, z)
      add(`<rect x="${n(rx - 1.5)}" y="${n(ry1)}" width="3" height="${n(y1 - ry1)}" fill="#2a2c3a"/>`)
    }
    add(
      `<rect x="${n(x1 - 8)}" y="${n(y1 - 8)}" width="${n(w + 16)}" height="${n(h + 16)}" rx="14" fill="#eaf2ff" opacity="0.12" filter="url(#soft)"/>`,
    )
    add(`<rect x="${n(x1)}" y="${n(y1)}" width="${n(w)}" height="${n(h)}" rx="5" fill="#10295e" stroke="#c9d3e6" stroke-width="2"/>`)
    const box = h - 16
    add(`<rect x="${n(x1 + 8)}" y="${n(y1 + 8)}" width="${n(box)}" height="${n(box)}" rx="4" fill="#f4f6fa"/>`)
    add(
      `<text x="${n(x1 + 8 + box / 2)}" y="${n(y1 + 8 + box * 0.8)}" font-family="${FONT}" font-weight="bold" font-size="${n(box * 0.82)}" text-anchor="middle" fill="#10295e">4</text>`,
    )
    add(
      `<text x="${n(x1 + box + 20)}" y="${n(y1 + h * 0.45)}" font-family="${FONT}" font-weight="bold" font-size="${n(h * 0.28)}" fill="#ffffff">Wien Hbf</text>`,
    )
    add(
      `<text x="${n(x1 + box + 20)}" y="${n(y1 + h * 0.82)}" font-family="'DejaVu Sans Mono', monospace" font-size="${n(h * 0.24)}" fill="#ffcf5a">21:14 Sleeper</text>`,
    )
  }

  add(`<rect width="${W}" height="${H}" fill="url(#vignette)"/>`)

  const defs = `<defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="${VP.y + 20}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#101a38"/>
      <stop offset="0.32" stop-color="#25305f"/>
      <stop offset="0.58" stop-color="#5b467a"/>
      <stop offset="0.78" stop-color="#b9677a"/>
      <stop offset="0.92" stop-color="#f09a68"/>
      <stop offset="1" stop-color="#fbcf8e"/>
    </linearGradient>
    <linearGradient id="lamp" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ffe7b0"/>
      <stop offset="1" stop-color="#f2a94e"/>
    </linearGradient>
    <linearGradient id="darkglass" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3a4470"/>
      <stop offset="1" stop-color="#0c1430"/>
    </linearGradient>
    <linearGradient id="haze" x1="${VP.x}" y1="0" x2="0" y2="0" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#b97a86" stop-opacity="0.75"/>
      <stop offset="0.12" stop-color="#7a5c86" stop-opacity="0.35"/>
      <stop offset="0.5" stop-color="#40406e" stop-opacity="0.08"/>
      <stop offset="1" stop-color="#000" stop-opacity="0.2"/>
    </linearGradient>
    <linearGradient id="floor" x1="0" y1="${VP.y}" x2="0" y2="${H}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#9a8690"/>
      <stop offset="0.25" stop-color="#6d6473"/>
      <stop offset="1" stop-color="#34333f"/>
    </linearGradient>
    <linearGradient id="canopy" x1="0" y1="0" x2="0" y2="${VP.y}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#1e1f2c"/>
      <stop offset="1" stop-color="#5a4b60"/>
    </linearGradient>
    <linearGradient id="column" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#5b5e74"/>
      <stop offset="0.5" stop-color="#3d3f52"/>
      <stop offset="1" stop-color="#25273a"/>
    </linearGradient>
    <radialGradient id="pool">
      <stop offset="0" stop-color="#fff0cc" stop-opacity="0.32"/>
      <stop offset="1" stop-color="#fff0cc" stop-opacity="0"/>
    </radialGradient>
    <radialGradient id="vignette" cx="0.62" cy="0.52" r="0.8">
      <stop offset="0.55" stop-color="#05060d" stop-opacity="0"/>
      <stop offset="1" stop-color="#05060d" stop-opacity="0.55"/>
    </radialGradient>
    <filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="8"/></filter>
    <filter id="bloom" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="7"/></filter>
  </defs>`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${defs}${parts.join('\n')}</svg>`
}

// ---------------------------------------------------------------------------------------------
// The icon: a lowercase "b" drawn from geometry (a stem and a round bowl, so it does not depend
// on any font) in warm white on newsroom red, with an amber closing quotation mark, the mark of
// quoted, credited words. Below 32 px the quotation mark is left out so the "b" stays crisp.
// ---------------------------------------------------------------------------------------------
function iconSvg(size, { rounded = false, quote = true } = {}) {
  const corner = rounded ? 104 : 0
  // The "b": stem x 124–206, bowl centred at (280, 300), outer radius 120, counter radius 50.
  const b = `<path fill-rule="evenodd" fill="#fff7ea" d="
      M 124 132 A 41 41 0 0 1 206 132 L 206 205.5
      A 120 120 0 1 1 206 394.5 L 206 420 L 124 420 Z
      M 280 250 A 50 50 0 0 0 280 350 A 50 50 0 0 0 280 250 Z"/>`
  // An amber closing quotation mark, top right: two round heads with tails curling down-left.
  const comma = (cx, cy) =>
    `<path d="M ${cx + 30} ${cy} A 30 30 0 1 0 ${cx} ${cy + 30} Q ${cx + 2} ${cy + 50} ${cx - 18} ${cy + 66} Q ${cx + 34} ${cy + 48} ${cx + 30} ${cy} Z"/>`
  const marks = quote ? `<g fill="#ffc857">${comma(356, 112)}${comma(424, 112)}</g>` : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 512 512">
    <defs>
      <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="#e0432f"/>
        <stop offset="1" stop-color="#b3241e"/>
      </linearGradient>
    </defs>
    <rect width="512" height="512" rx="${corner}" fill="url(#bg)"/>
    <g transform="translate(${quote ? -10 : 0} ${quote ? 0 : -4})">${b}</g>
    ${marks}
  </svg>`
}

function logoSvg() {
  // An opaque white ground: a feed reader in dark mode would lose dark lettering on transparency.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">
    <rect width="600" height="300" fill="#ffffff"/>
    <g transform="translate(45 70) scale(${160 / 512})">${iconSvg(512, { rounded: true })
      .replace(/^<svg[^>]*>/, '<g>')
      .replace(/<\/svg>\s*$/, '</g>')}</g>
    <text x="231" y="168" font-family="${FONT}" font-weight="bold" font-size="84" letter-spacing="-2" fill="#1d2433">bylines</text>
    <text x="235" y="212" font-family="${FONT}" font-size="22" letter-spacing="0.5" fill="#6b7285">the foreign press in English</text>
  </svg>`
}

// ---------------------------------------------------------------------------------------------
// The route map: the operator's "map of the current routes" that the night-trains article links
// to. A schematic in the metro-map manner (straight runs at 0°/45°/90°), on a hand-drawn outline
// of the countries the lines cross; no real map data, so nothing here is to scale. The article
// fixes the Vienna sleeper (every night, 21:14 from platform 4 of Beispielstadt's central station,
// as on the platform sign above); the other two lines only need to cross a border.
// ---------------------------------------------------------------------------------------------
const MAP_W = 1600
const MAP_H = 1000
const HEADER = 124 // the white title band across the top
const LAND = '#f3efe4'
const SEA = '#d3e4ee'
const HALO = '#f3efe4'

const HUB = { name: 'Beispielstadt Hbf', at: [820, 430] }
const LINES = [
  {
    number: '401',
    colour: '#c62839',
    to: 'Wien Hbf',
    via: 'via Salzburg Hbf · Linz Hbf · daily, dep. 21:14',
    path: [HUB.at, [990, 600], [1390, 600]],
    stops: [
      { name: 'Salzburg Hbf', at: [990, 600], label: 'below' },
      { name: 'Linz Hbf', at: [1190, 600], label: 'below' },
      { name: 'Wien Hbf', at: [1390, 600], label: 'right', note: 'Vienna', end: true },
    ],
    badge: [905, 515],
  },
  {
    number: '403',
    colour: '#1f64b4',
    to: 'Zürich HB',
    via: 'via Basel SBB',
    path: [HUB.at, [610, 640], [700, 730]],
    stops: [
      { name: 'Basel SBB', at: [610, 640], label: 'left' },
      { name: 'Zürich HB', at: [700, 730], label: 'right', end: true },
    ],
    badge: [715, 535],
  },
  {
    number: '405',
    colour: '#23915a',
    to: 'Amsterdam Centraal',
    via: 'via Utrecht Centraal',
    path: [HUB.at, [600, 430], [480, 310]],
    stops: [
      { name: 'Utrecht Centraal', at: [540, 370], label: 'right' },
      { name: 'Amsterdam Centraal', at: [480, 310], label: 'right', end: true },
    ],
    badge: [700, 430],
  },
]

/** A line of text with a halo of the land colour, so it stays legible over borders and routes. */
function mapLabel(x, y, text, { size = 18, weight = 'bold', anchor = 'start', fill = '#1d2433', italic = false, halo = HALO } = {}) {
  const style = italic ? ' font-style="italic"' : ''
  return `<text x="${n(x)}" y="${n(y)}" font-family="${FONT}" font-size="${size}" font-weight="${weight}"${style} text-anchor="${anchor}" fill="${fill}" stroke="${halo}" stroke-width="5" stroke-linejoin="round" paint-order="stroke">${text}</text>`
}

function routeMapSvg() {
  const parts = []
  const add = (s) => parts.push(s)

  // Land everywhere, then the seas cut out of it: the North Sea in the north-west, the Baltic
  // along the top, and Lake Constance where Germany, Switzerland and Austria meet.
  add(`<rect width="${MAP_W}" height="${MAP_H}" fill="${LAND}"/>`)
  const northSea = [
    [0, HEADER],
    [735, HEADER],
    [728, 170],
    [700, 205],
    [640, 214],
    [580, 206],
    [520, 214],
    [462, 238],
    [440, 280],
    [426, 330],
    [408, 385],
    [370, 425],
    [300, 452],
    [200, 478],
    [100, 500],
    [0, 516],
  ]
  add(`<polygon points="${pts(northSea)}" fill="${SEA}" stroke="#a9c3d4" stroke-width="2" stroke-linejoin="round"/>`)
  const baltic = [
    [860, HEADER],
    [MAP_W, HEADER],
    [MAP_W, 178],
    [1480, 166],
    [1360, 182],
    [1250, 168],
    [1150, 184],
    [1060, 176],
    [990, 190],
    [930, 176],
    [885, 150],
  ]
  add(`<polygon points="${pts(baltic)}" fill="${SEA}" stroke="#a9c3d4" stroke-width="2" stroke-linejoin="round"/>`)
  add(
    `<path d="M 786 676 C 800 660 850 654 872 666 C 884 674 862 690 836 692 C 812 694 776 690 786 676 Z" fill="${SEA}" stroke="#a9c3d4" stroke-width="1.5"/>`,
  )

  // Faint borders.
  const borders = [
    [
      [640, 214],
      [628, 300],
      [640, 370],
      [622, 470],
    ], // Netherlands | Germany
    [
      [370, 425],
      [450, 470],
      [540, 462],
      [622, 470],
    ], // Belgium | Netherlands
    [
      [622, 470],
      [600, 520],
      [575, 560],
    ], // Belgium | Germany
    [
      [300, 452],
      [380, 520],
      [470, 555],
      [575, 560],
    ], // France | Belgium
    [
      [575, 560],
      [592, 600],
      [598, 625],
    ], // France | Germany
    [
      [598, 625],
      [660, 650],
      [730, 660],
      [786, 676],
    ], // Switzerland | Germany
    [
      [598, 625],
      [540, 680],
      [470, 760],
      [430, 860],
    ], // France | Switzerland
    [
      [430, 860],
      [540, 870],
      [640, 840],
      [760, 870],
      [860, 800],
    ], // Switzerland | Italy
    [
      [872, 686],
      [890, 740],
      [860, 800],
    ], // Switzerland | Austria
    [
      [872, 666],
      [920, 648],
      [950, 632],
      [968, 582],
      [1010, 560],
      [1050, 530],
      [1090, 512],
    ], // Germany | Austria
    [
      [1090, 512],
      [1078, 450],
      [1020, 400],
      [1050, 350],
      [1100, 310],
    ], // Germany | Czechia
    [
      [1100, 310],
      [1120, 240],
      [1110, 184],
    ], // Germany | Poland
    [
      [1090, 512],
      [1200, 500],
      [1300, 490],
      [1380, 510],
      [1450, 520],
    ], // Austria | Czechia
    [
      [1450, 520],
      [1482, 570],
      [1500, 640],
      [1480, 720],
      [1470, 790],
    ], // Austria | Slovakia, Hungary
    [
      [860, 800],
      [980, 810],
      [1100, 830],
      [1240, 820],
      [1360, 800],
      [1470, 790],
    ], // Austria | Italy, Slovenia
  ]
  for (const b of borders) {
    add(`<polyline points="${pts(b)}" fill="none" stroke="#b5ad9b" stroke-width="1.8" stroke-dasharray="7 5" stroke-linejoin="round"/>`)
  }
  const country = (x, y, text) =>
    `<text x="${x}" y="${y}" font-family="${FONT}" font-size="17" font-weight="bold" letter-spacing="5" text-anchor="middle" fill="#aea691">${text}</text>`
  add(country(930, 300, 'GERMANY'))
  add(country(500, 500, 'NETHERLANDS'))
  add(country(420, 560, 'BELGIUM'))
  add(country(380, 680, 'FRANCE'))
  add(country(660, 810, 'SWITZERLAND'))
  add(country(1240, 668, 'AUSTRIA'))
  add(country(1250, 400, 'CZECHIA'))
  add(country(700, 940, 'ITALY'))
  add(
    `<text x="240" y="300" font-family="${FONT}" font-size="18" font-style="italic" letter-spacing="3" text-anchor="middle" fill="#7d9db2">North Sea</text>`,
  )
  add(
    `<text x="1300" y="150" font-family="${FONT}" font-size="18" font-style="italic" letter-spacing="3" text-anchor="middle" fill="#7d9db2">Baltic Sea</text>`,
  )

  // The lines: a pale casing under each so they read cleanly where they cross a border.
  for (const line of LINES) {
    add(
      `<polyline points="${pts(line.path)}" fill="none" stroke="${LAND}" stroke-width="20" stroke-linecap="round" stroke-linejoin="round"/>`,
    )
  }
  for (const line of LINES) {
    add(
      `<polyline points="${pts(line.path)}" fill="none" stroke="${line.colour}" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>`,
    )
  }
  const badge = (x, y, line) =>
    `<rect x="${n(x - 24)}" y="${n(y - 13)}" width="48" height="26" rx="13" fill="${line.colour}" stroke="#ffffff" stroke-width="3"/>` +
    `<text x="${n(x)}" y="${n(y + 6)}" font-family="${FONT}" font-size="16" font-weight="bold" text-anchor="middle" fill="#ffffff">${line.number}</text>`
  for (const line of LINES) add(badge(...line.badge, line))

  // Stations: white dots ringed in the line colour, the termini larger, the hub a double ring.
  for (const line of LINES) {
    for (const stop of line.stops) {
      const [x, y] = stop.at
      const r = stop.end ? 12 : 8.5
      add(`<circle cx="${x}" cy="${y}" r="${r}" fill="#ffffff" stroke="${line.colour}" stroke-width="${stop.end ? 5 : 4}"/>`)
      const size = stop.end ? 21 : 18
      const gap = r + 9
      if (stop.label === 'right') add(mapLabel(x + gap, y + size * 0.36, stop.name, { size }))
      if (stop.label === 'left') add(mapLabel(x - gap, y + size * 0.36, stop.name, { size, anchor: 'end' }))
      if (stop.label === 'below') add(mapLabel(x, y + gap + size * 0.8, stop.name, { size, anchor: 'middle' }))
      if (stop.label === 'above') add(mapLabel(x, y - gap, stop.name, { size, anchor: 'middle' }))
      if (stop.note) add(mapLabel(x + gap, y + size * 0.36 + 24, stop.note, { size: 17, weight: 'normal', italic: true, fill: '#5b6275' }))
    }
  }
  {
    const [x, y] = HUB.at
    add(`<circle cx="${x}" cy="${y}" r="19" fill="#ffffff" stroke="#1d2433" stroke-width="6"/>`)
    add(`<circle cx="${x}" cy="${y}" r="7" fill="#1d2433"/>`)
    add(mapLabel(x + 32, y - 8, HUB.name, { size: 25 }))
  }

  // A north arrow.
  {
    const [x, y] = [1530, 250]
    add(`<path d="M ${x} ${y - 30} L ${x + 13} ${y + 14} L ${x} ${y + 5} L ${x - 13} ${y + 14} Z" fill="#5b6275"/>`)
    add(`<text x="${x}" y="${y + 38}" font-family="${FONT}" font-size="17" font-weight="bold" text-anchor="middle" fill="#5b6275">N</text>`)
  }

  // The legend, bottom right.
  {
    const w = 660
    const rowH = 52
    const h = 64 + LINES.length * rowH + 44
    const x = MAP_W - 36 - w
    const y = MAP_H - 30 - h
    add(`<rect x="${x + 3}" y="${y + 4}" width="${w}" height="${h}" rx="12" fill="#1d2433" opacity="0.10"/>`)
    add(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="12" fill="#ffffff" stroke="#c9c4b6" stroke-width="1.5"/>`)
    add(
      `<text x="${x + 24}" y="${y + 38}" font-family="${FONT}" font-size="20" font-weight="bold" fill="#1d2433">NightStar sleeper lines</text>`,
    )
    LINES.forEach((line, i) => {
      const ry = y + 64 + i * rowH
      add(
        `<line x1="${x + 30}" y1="${ry + 10}" x2="${x + 80}" y2="${ry + 10}" stroke="${line.colour}" stroke-width="12" stroke-linecap="round"/>`,
      )
      add(
        `<text x="${x + 104}" y="${ry + 16}" font-family="${FONT}" font-size="18" fill="#1d2433"><tspan font-weight="bold">NightStar ${line.number}</tspan><tspan dx="10">${HUB.name.replace(/ Hbf$/, '')} – ${line.to}</tspan></text>`,
      )
      add(`<text x="${x + 104}" y="${ry + 38}" font-family="${FONT}" font-size="15" fill="#5b6275">${line.via}</text>`)
    })
    const ky = y + 64 + LINES.length * rowH + 14
    add(
      `<circle cx="${x + 40}" cy="${ky}" r="9" fill="#ffffff" stroke="#1d2433" stroke-width="3.5"/><circle cx="${x + 40}" cy="${ky}" r="3.5" fill="#1d2433"/>`,
    )
    add(`<text x="${x + 58}" y="${ky + 5}" font-family="${FONT}" font-size="15" fill="#5b6275">Hub</text>`)
    add(`<circle cx="${x + 130}" cy="${ky}" r="7" fill="#ffffff" stroke="#5b6275" stroke-width="3.5"/>`)
    add(`<text x="${x + 146}" y="${ky + 5}" font-family="${FONT}" font-size="15" fill="#5b6275">Stop</text>`)
    add(`<line x1="${x + 210}" y1="${ky}" x2="${x + 250}" y2="${ky}" stroke="#b5ad9b" stroke-width="1.8" stroke-dasharray="7 5"/>`)
    add(`<text x="${x + 262}" y="${ky + 5}" font-family="${FONT}" font-size="15" fill="#5b6275">Border</text>`)
  }

  // The title band.
  add(`<rect width="${MAP_W}" height="${HEADER}" fill="#fcfbf7"/>`)
  add(`<rect y="${HEADER - 2}" width="${MAP_W}" height="2" fill="#d8d2c2"/>`)
  add(
    `<text x="56" y="70" font-family="${FONT}" font-size="40" font-weight="bold" fill="#1d2433">Night-train routes, winter timetable</text>`,
  )
  add(`<text x="58" y="104" font-family="${FONT}" font-size="19" font-style="italic" fill="#6b7285">Schematic, not to scale</text>`)

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${MAP_W}" height="${MAP_H}" viewBox="0 0 ${MAP_W} ${MAP_H}">${parts.join('\n')}</svg>`
}

// ---------------------------------------------------------------------------------------------
// ICO container. All integers little-endian:
//
//   ICONDIR        6 bytes   u16 reserved = 0 · u16 type = 1 (icon) · u16 count
//   ICONDIRENTRY  16 bytes   u8 width (0 means 256) · u8 height · u8 palette colours = 0 ·
//   (one per image)          u8 reserved = 0 · u16 colour planes = 1 · u16 bits per pixel = 32 ·
//                            u32 size of the image data in bytes · u32 offset of it from file start
//   image data               each image's complete PNG file, one after another, in entry order
//
// PNG payloads are allowed since Windows Vista and read by every current browser.
// ---------------------------------------------------------------------------------------------
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, e)
    header.writeUInt8(size >= 256 ? 0 : size, e + 1)
    header.writeUInt8(0, e + 2)
    header.writeUInt8(0, e + 3)
    header.writeUInt16LE(1, e + 4)
    header.writeUInt16LE(32, e + 6)
    header.writeUInt32LE(png.length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((im) => im.png)])
}

async function render(page, svg, width, height, shot) {
  await page.setViewportSize({ width, height })
  await page.setContent(
    `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}svg{display:block}</style></head><body>${svg}</body></html>`,
  )
  await page.evaluate(() => document.fonts.ready)
  return page.screenshot({ clip: { x: 0, y: 0, width, height }, ...shot })
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
  try {
    const context = await browser.newContext({ deviceScaleFactor: 1 })
    const page = await context.newPage()
    const out = []
    const write = async (rel, data) => {
      const file = join(PUBLIC, rel)
      await mkdir(dirname(file), { recursive: true })
      await writeFile(file, data)
      out.push(`${rel} ${data.length} bytes`)
    }

    await write('media/night-train-platform.jpg', await render(page, nightTrainSvg(), W, H, { type: 'jpeg', quality: 80 }))
    await write('icon.png', await render(page, iconSvg(512), 512, 512, { type: 'png' }))
    const sizes = []
    for (const size of [16, 32, 48]) {
      const svg = iconSvg(size, { rounded: true, quote: size >= 32 })
      sizes.push({ size, png: await render(page, svg, size, size, { type: 'png', omitBackground: true }) })
    }
    await write('favicon.ico', ico(sizes))
    await write('logo.png', await render(page, logoSvg(), 600, 300, { type: 'png' }))
    await write('media/night-train-routes.png', await render(page, routeMapSvg(), MAP_W, MAP_H, { type: 'png' }))
    for (const line of out) console.log(`public/${line}`)
  } finally {
    await browser.close()
  }
}

await main()

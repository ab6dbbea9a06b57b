#pragma once
// Everything of kanpde::geometry in one include.
#include "geometry/Ball.hpp"
#include "geometry/Box.hpp"
#include "geometry/Csg.hpp"
#include "geometry/DistanceFunction.hpp"
#include "geometry/Domain.hpp"
#include "geometry/Ellipse.hpp"
#include "geometry/Halton.hpp"
#include "geometry/PointSet.hpp"
#include "geometry/Polygon.hpp"
#include "geometry/Samplers.hpp"
#include "geometry/Sequence.hpp"
#include "geometry/Sobol.hpp"
